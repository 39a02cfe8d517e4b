// An actor's card: its names, the flows out of it and into it (what the graph shows
// now) and the best-supported evidence of its facts under the current filters.
import { $, el } from "./dom.js";
import { actorsById, api, nameOf } from "./api.js";
import { filters } from "./state.js";
import { showFact } from "./evidence.js";
import { flowLabel } from "./colors.js";

export async function showActor(id, merged, { onFocus, focused }) {
  const panel = $("evidence");
  const actors = await actorsById();
  const actor = actors.get(id) || { id, name: id, kind: "state", as_source: 0, as_target: 0 };
  // one row per counterpart: the merged edges of a pair (supplies, hostile acts,
  // denied-only flows) joined, the best-supported flow first
  const byOther = (list, other) => {
    const rows = new Map();
    for (const m of list) {
      const key = other(m);
      if (!rows.has(key)) rows.set(key, { other: key, flows: [] });
      rows.get(key).flows.push(...m.flows);
    }
    for (const r of rows.values()) r.flows.sort((a, b) => b.sources - a.sources);
    return [...rows.values()];
  };
  const out = byOther(merged.filter((m) => m.source === id && m.kind !== "tie"), (m) => m.target);
  const into = byOther(merged.filter((m) => m.target === id && m.kind !== "tie"), (m) => m.source);
  const ties = byOther(merged.filter((m) => m.kind === "tie" && (m.source === id || m.target === id)),
    (m) => (m.source === id ? m.target : m.source));
  const row = (r) => el("li", { class: "clickable", data: { fact: r.flows[0].fact },
    onclick: () => showFact(r.flows[0].fact, { keep: panel }) },
  el("strong", {}, nameOf(r.other)), " ",
  r.flows.map((f) => `${flowLabel(f)} (${f.sources})`).join(", "));
  const section = (title, list) => (list.length ? [el("h4", {}, title),
    el("ul", { class: "flows" }, ...list.map(row))] : []);
  const card = el("div", { id: "actor-card", data: { actor: id } },
    el("h3", {}, `${actor.name} `, el("small", {}, `${actor.id} · ${actor.kind}`)),
    el("p", { class: "meta" }, `${actor.as_source} event(s) as source, ${actor.as_target} as target`
      + " in the whole store"),
    el("button", { type: "button", id: "focus-actor", onclick: () => onFocus(focused ? "" : id) },
      focused ? "Show the whole network" : "Focus on it and its neighbours"),
    ...section("Flows out", out),
    ...section("Flows in", into),
    ...section("Meetings and agreements", ties),
    out.length + into.length + ties.length ? "" : el("p", { class: "hint" },
      "No flow of this actor passes the filters."),
    el("h4", {}, "Top evidence"), el("div", { id: "actor-evidence" },
      el("p", { class: "hint" }, "Loading…")));
  panel.replaceChildren(card);
  const facts = await api("/api/facts", { ...filters(), actors: id, limit: 1000 });
  const top = facts.items.sort((a, b) => b.sources - a.sources || b.confidence - a.confidence)
    .slice(0, 3);
  const items = [];
  for (const f of top) {
    const fact = await api(`/api/facts/${encodeURIComponent(f.id)}`);
    const ev = fact.evidence.find((e) => e.certainty !== "denied") || fact.evidence[0];
    items.push(el("blockquote", { class: "clickable", data: { fact: f.id },
      onclick: () => showFact(f.id, { keep: panel }) },
    el("div", { class: "meta" }, `${f.type} ${nameOf(f.source)} → ${f.target ? nameOf(f.target) : "—"}`
      + ` ${f.item_category || ""} · ${f.sources} source(s)`),
    ev ? ev.evidence : ""));
  }
  const box = $("actor-evidence");
  if (box) box.replaceChildren(...(items.length ? items : [el("p", { class: "hint" }, "None.")]));
}
