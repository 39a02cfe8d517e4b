// Conflicts (denials, disagreeing figures) of the facts the filters and window keep,
// naming who says and who denies.
import { $, el, empty } from "./dom.js";
import { api, nameOf } from "./api.js";
import { describeFilters, filters, view } from "./state.js";
import { conflictText } from "./evidence.js";

let onFact = () => {};
export function initConflicts(callback) { onFact = callback; }

function inWindow(period) {
  if (!view.from && !view.to) return true;
  if (!period) return false;
  const [start, end] = String(period).split("/");
  return (!view.from || (end || start) >= view.from) && (!view.to || start.slice(0, 7) <= view.to);
}

// `facts`: the ids of the facts the other panels show
export async function loadConflicts(facts) {
  const params = filters({ window: false });
  const data = await api("/api/conflicts", { type: params.type, item: params.item,
    actors: view.selected, limit: 1000 });
  const kept = data.items.filter((c) => (c.fact ? facts.has(c.fact) : inWindow(c.period)));
  $("conflicts").replaceChildren(...(kept.length ? kept.map((c) => el("li", {
    class: c.fact ? "clickable" : "", data: { fact: c.fact || "" },
    onclick: () => c.fact && onFact(c.fact) },
  el("strong", {}, `${c.kind}: ${c.type} ${nameOf(c.source)} → ${c.target ? nameOf(c.target) : "—"}`
    + ` ${c.item_category || c.unit || ""}`), " — ", conflictText(c)))
    : [el("li", { class: "plain" }, empty("No conflicts:", `no denial or disagreement among the facts of ${describeFilters()}.`))]));
  return kept.length;
}
