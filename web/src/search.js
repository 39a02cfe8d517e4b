// Full-text search of the articles; a result opens the document, the hits highlighted.
// With a time window, only articles published in it are listed.
import { $, el, empty, snippet } from "./dom.js";
import { api } from "./api.js";
import { view } from "./state.js";
import { showDocument } from "./evidence.js";

let last = "";

const inWindow = (published) => {
  if (!view.from && !view.to) return true;
  if (!published) return false;
  const m = published.slice(0, 7);
  return (!view.from || m >= view.from) && (!view.to || m <= view.to);
};

export async function runSearch(q = last) {
  last = q;
  if (!q) return;
  try {
    const found = await api("/api/search", { q, limit: 100 });
    const kept = found.items.filter((d) => inWindow(d.published));
    const hidden = found.items.length - kept.length;
    const terms = q.split(/\s+/).filter(Boolean);
    $("results").replaceChildren(...(kept.length ? kept.map((d) => el("li", {
      class: "clickable", data: { doc: d.doc }, tabindex: "0",
      onclick: () => showDocument(d.doc, terms),
      onkeydown: (e) => e.key === "Enter" && showDocument(d.doc, terms) },
    el("strong", {}, d.title), ` (${d.publisher || "unknown"}, ${d.published || "undated"}) `,
    ...snippet(d.snippet))) : [el("li", { class: "plain" }, found.items.length
      ? empty("No article in the window:", `${hidden} match(es) published outside ${view.from || "start"} – ${view.to || "end"}.`)
      : "No article matches.")]),
    ...(kept.length && hidden ? [el("li", { class: "hint plain" },
      `${hidden} more published outside the time window.`)] : []));
  } catch (error) {
    $("results").replaceChildren(el("li", {}, error.message));
  }
}

export function wireSearch() {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("q").value.trim();
    if (q) runSearch(q);
  });
}
