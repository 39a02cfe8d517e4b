// The evidence panel: a fact's sentences in their paragraphs, the flows of a merged
// edge, a document with search hits highlighted. All text goes in as text nodes.
import { $, el, highlighted, marked, safeLink } from "./dom.js";
import { api, documentOf, nameOf, titleOf } from "./api.js";
import { view, writeUrl } from "./state.js";
import { flowLabel } from "./colors.js";

const panel = () => $("evidence");
const loading = () => panel().replaceChildren(el("p", { class: "hint" }, "Loading…"));
const failed = (error) => panel().replaceChildren(el("p", { class: "error" }, error.message));

async function evidenceItem(ev, focus) {
  const doc = await documentOf(ev.doc);
  const sentence = doc.sentences.find((s) => s.start === ev.evidence_start);
  const paragraph = doc.sentences.filter((s) => sentence && s.paragraph === sentence.paragraph);
  const from = paragraph.length ? paragraph[0].start : ev.evidence_start;
  const to = paragraph.length ? paragraph[paragraph.length - 1].end : ev.evidence_end;
  const text = doc.text.slice(from, to);
  return el("div", { class: `evidence-item ${ev.certainty}${focus ? " focus" : ""}`,
    data: { doc: ev.doc, event: String(ev.id) } },
    el("div", { class: "meta" },
      `${ev.publisher || "unknown publisher"} · ${ev.published || "undated"} · ${ev.certainty}`
      + (typeof ev.score === "number" ? ` · score ${ev.score.toFixed(2)}` : "")
      + (ev.attribution ? ` · says ${ev.attribution}` : "") + ` · ${doc.title}`,
      safeLink(doc.url)),
    el("p", { class: "paragraph" }, ...marked(text, ev.evidence_start - from, ev.evidence_end - from)));
}

// `events`: ids of the events to bring to the front (a figure's point, say)
export async function showFact(factId, { events = [], keep = null } = {}) {
  view.fact = factId;
  writeUrl();
  const target = keep || panel();
  if (!keep) loading();
  try {
    const fact = await api(`/api/facts/${encodeURIComponent(factId)}`);
    const wanted = new Set(events.map(Number));
    const ordered = [...fact.evidence.filter((e) => wanted.has(e.id)),
      ...fact.evidence.filter((e) => !wanted.has(e.id))];
    const items = [];
    for (const ev of ordered) items.push(await evidenceItem(ev, wanted.has(ev.id)));
    const conflicts = fact.conflicts.map((c) => el("li", {}, `${c.kind}: ${conflictText(c)}`));
    const block = el("div", { id: "fact-view" },
      el("h3", {}, `${fact.type} ${fact.source} → ${fact.target || "—"} ${fact.item_category || ""}`),
      el("p", { class: "meta" }, `${nameOf(fact.source)} → ${fact.target ? nameOf(fact.target) : "—"}; `
        + `${fact.period_start || "?"} to ${fact.period_end || "?"}; `
        + `${fact.sources} independent source(s), ${fact.denials} denial(s); confidence `
        + `${fact.confidence.toFixed(2)}; strongest ${fact.strongest}, weakest ${fact.weakest}`),
      conflicts.length ? el("ul", { id: "fact-conflicts" }, ...conflicts) : "",
      ...items);
    if (keep) {
      const old = keep.querySelector("#fact-view");
      if (old) old.replaceWith(block); else keep.append(block);
    } else {
      panel().replaceChildren(block);
    }
    const first = target.querySelector(".evidence-item.focus");
    if (first) first.scrollIntoView({ block: "nearest" });
  } catch (error) {
    failed(error);
  }
}

// who says what in a conflict: reporters and deniers by name, not by document id
export function conflictText(c) {
  // the first three sources by name, the rest counted (the fact's card lists them all)
  const who = (list) => {
    const names = [...new Set((list || []).map((e) => {
      const source = e.publisher || (titleOf(e.doc) ? `“${titleOf(e.doc)}”` : `article ${e.doc}`);
      return `${e.attribution ? `${e.attribution}, in ` : ""}${source}`
        + (e.published ? ` (${e.published})` : "");
    }))];
    return names.slice(0, 3).join("; ") + (names.length > 3 ? ` and ${names.length - 3} more` : "");
  };
  if (!Array.isArray(c.stating) || typeof c.stating[0] !== "object") return c.detail;
  const said = who(c.stating);
  const denied = who(c.contrary);
  if (c.kind === "denial") return `stated by ${said || "?"}; denied by ${denied || "?"}`;
  return `${c.detail}${said ? ` — ${said}` : ""}${denied ? ` vs ${denied}` : ""}`;
}

// a merged edge: its flows, each opening its fact; the strongest opened below
export function showFlows(merged) {
  const arrow = merged.kind === "tie" ? "–" : "→";
  const list = el("ul", { id: "flows" }, ...merged.flows.map((f) => el("li", {
    class: "clickable", data: { fact: f.fact, category: f.category || f.type },
    onclick: () => showFact(f.fact, { keep: panel() }) },
    el("span", { class: "swatch", style: `background:${merged.color}` }),
    `${flowLabel(f)} ${f.source}→${f.target}: ${f.sources} source(s)`
    + `${f.facts > 1 ? `, ${f.facts} facts` : ""}${f.contested ? ", contested" : ""}`
    + ` · ${f.period_start || "?"} – ${f.period_end || "?"}`)));
  panel().replaceChildren(el("h3", {},
    `${nameOf(merged.source)} ${arrow} ${nameOf(merged.target)}`),
  el("p", { class: "meta" }, `${merged.flows.length} flow(s)`
    + (merged.kind === "denied" ? "; only denied, no source asserts them" : "")
    + "; click one for its evidence"), list);
  showFact(merged.flows[0].fact, { keep: panel() });
}

// a document in full, the search terms highlighted, the first hit in view
export async function showDocument(docId, terms = []) {
  loading();
  try {
    const doc = await documentOf(docId);
    panel().replaceChildren(el("div", { id: "document-view" },
      el("h3", {}, doc.title || doc.doc),
      el("p", { class: "meta" }, `${doc.publisher || "unknown publisher"} · `
        + `${doc.published || "undated"} · ${doc.doc}`, safeLink(doc.url)),
      ...doc.text.split(/\n{2,}/).map((p) => el("p", { class: "paragraph" },
        ...highlighted(p, terms)))));
    const hit = panel().querySelector("mark");
    if (hit) hit.scrollIntoView({ block: "center" });
  } catch (error) {
    failed(error);
  }
}
