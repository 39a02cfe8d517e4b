// The facts table: every fact the filters keep, sortable by any column (undated last
// whichever way), in pages of 50, actors by name with the code on hover.
import { $, el, empty } from "./dom.js";
import { nameOf } from "./api.js";
import { describeFilters } from "./state.js";

const PAGE = 50;
const COLUMNS = [
  ["type", "type", (f) => f.type],
  ["from", "source", (f) => nameOf(f.source)],
  ["to", "target", (f) => (f.target ? nameOf(f.target) : "")],
  ["item", "item", (f) => f.item_category || ""],
  ["period", "period", (f) => f.period_start || ""],
  ["sources", "sources", (f) => f.sources],
  ["confidence", "confidence", (f) => f.confidence],
  ["certainty", "certainty", (f) => f.strongest],
  ["", "contested", (f) => (f.contested ? 1 : 0)],
];
const table = { facts: [], sort: "period", descending: false, page: 0 };
let onFact = () => {};

export function initFacts(callback) {
  onFact = callback;
  const head = $("facts").tHead.rows[0];
  head.replaceChildren(...COLUMNS.map(([label, key]) => el("th", {
    data: { sort: key }, tabindex: "0", title: "sort by this column",
    onclick: () => sortBy(key), onkeydown: (e) => e.key === "Enter" && sortBy(key) }, label)));
  $("facts-prev").addEventListener("click", () => { table.page -= 1; render(); });
  $("facts-next").addEventListener("click", () => { table.page += 1; render(); });
}

function sortBy(key) {
  if (table.sort === key) table.descending = !table.descending;
  else { table.sort = key; table.descending = ["sources", "confidence", "contested"].includes(key); }
  table.page = 0;
  render();
}

export function setFacts(facts) {
  table.facts = facts;
  table.page = 0;
  render();
}

function sorted() {
  const value = COLUMNS.find(([, key]) => key === table.sort)[2];
  const blank = (v) => v === "" || v === null || v === undefined;
  return [...table.facts].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (blank(x) !== blank(y)) return blank(x) ? 1 : -1; // undated, unnamed last
    const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
    return (table.descending ? -order : order) || a.id.localeCompare(b.id);
  });
}

function render() {
  const rows = sorted();
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  table.page = Math.min(Math.max(0, table.page), pages - 1);
  const shown = rows.slice(table.page * PAGE, (table.page + 1) * PAGE);
  $("facts").tBodies[0].replaceChildren(...shown.map((f) => el("tr", {
    class: f.contested ? "contested" : "", data: { fact: f.id }, onclick: () => onFact(f.id) },
  el("td", {}, f.type), el("td", { title: f.source }, nameOf(f.source)),
  el("td", { title: f.target || "" }, f.target ? nameOf(f.target) : "—"),
  el("td", {}, f.item_category || ""), el("td", {}, `${f.period_start || "undated"}`
    + (f.period_end && f.period_end !== f.period_start ? ` – ${f.period_end}` : "")),
  el("td", {}, f.sources), el("td", {}, f.confidence.toFixed(2)), el("td", {}, f.strongest),
  el("td", {}, f.contested ? "contested" : ""))));
  for (const th of $("facts").tHead.rows[0].cells) {
    th.className = th.dataset.sort === table.sort ? (table.descending ? "sorted desc" : "sorted asc") : "";
  }
  $("facts-page").textContent = rows.length
    ? `${table.page * PAGE + 1}–${table.page * PAGE + shown.length} of ${rows.length} fact(s)` : "";
  $("facts-prev").disabled = table.page === 0;
  $("facts-next").disabled = table.page >= pages - 1;
  $("facts-pager").hidden = rows.length <= PAGE;
  $("facts-empty").replaceChildren(rows.length ? "" : empty("No facts:",
    `none passes ${describeFilters()}.`));
}
