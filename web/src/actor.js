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
  const out = merged.filter((m) => m.source === id && m.kind !== "tie");
  const into = merged.filter((m) => m.target === id && m.kind !== "tie");
  const ties = merged.filter((m) => m.kind === "tie" && (m.source === id || m.target === id));
  const row = (m, other) => el("li", { class: "clickable", data: { fact: m.flows[0].fact },
    onclick: () => showFact(m.flows[0].fact, { keep: panel }) },
  el("strong", {}, nameOf(other)), " ",
  m.flows.map((f) => `${flowLabel(f)} (${f.sources})`).join(", "));
  const section = (title, list, other) => (list.length ? [el("h4", {}, title),
    el("ul", { class: "flows" }, ...list.map((m) => row(m, other(m))))] : []);
  const card = el("div", { id: "actor-card", data: { actor: id } },
    el("h3", {}, `${actor.name} `, el("small", {}, `${actor.id} · ${actor.kind}`)),
    el("p", { class: "meta" }, `${actor.as_source} event(s) as source, ${actor.as_target} as target`
      + " in the whole store"),
    el("button", { type: "button", id: "focus-actor", onclick: () => onFocus(focused ? "" : id) },
      focused ? "Show the whole network" : "Focus on it and its neighbours"),
    ...section("Flows out", out, (m) => m.target),
    ...section("Flows in", into, (m) => m.source),
    ...section("Meetings and agreements", ties, (m) => (m.source === id ? m.target : m.source)),
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
