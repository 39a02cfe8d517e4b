// What the page shows: the filters, the time window, the selection, the open fact and
// the view, kept in the URL's query string so that a view can be bookmarked and shared.

export const view = {
  type: "", item: "", sources: 1, score: 0,
  from: "", to: "",       // months "YYYY-MM"; "" is the open end of the data
  selected: "",           // "PRK" or "PRK,RUS": the panels show only these actors' facts
  focus: "",              // an actor: the graph shows it and its neighbours only
  fact: "",               // the fact open in the evidence panel
  tab: "graph",           // graph | map
  denied: false,          // draw flows that have only denials
};

const KEYS = { type: "type", item: "item", sources: "min_sources", score: "min_score",
  from: "from", to: "to", selected: "actors", focus: "focus", fact: "fact", tab: "view",
  denied: "denied" };
const DEFAULTS = { ...view };

export function readUrl(search = window.location.search) {
  const query = new URLSearchParams(search);
  for (const [key, name] of Object.entries(KEYS)) {
    const value = query.get(name);
    if (value === null) { view[key] = DEFAULTS[key]; continue; }
    if (key === "sources") view[key] = Math.max(1, Number(value) || 1);
    else if (key === "score") view[key] = Number(value) || 0;
    else if (key === "denied") view[key] = value === "1";
    else if (key === "tab") view[key] = value === "map" ? "map" : "graph";
    else if (key === "from" || key === "to") view[key] = /^\d{4}-\d{2}$/.test(value) ? value : "";
    else view[key] = value.slice(0, 200);
  }
}

export function urlOf() {
  const query = new URLSearchParams();
  for (const [key, name] of Object.entries(KEYS)) {
    const value = view[key];
    if (value === DEFAULTS[key] || value === "") continue;
    query.set(name, key === "denied" ? "1" : String(value));
  }
  const qs = query.toString();
  return window.location.pathname + (qs ? "?" + qs : "");
}

export function writeUrl() {
  const url = urlOf();
  if (url !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", url);
  }
}

// The API's filter parameters for the view (the window as since/until dates).
export function filters({ window: withWindow = true } = {}) {
  const params = {
    type: view.type, item: view.item,
    min_sources: view.sources > 1 ? view.sources : "",
    min_score: view.score > 0 ? view.score : "",
  };
  if (withWindow && view.from) params.since = `${view.from}-01`;
  if (withWindow && view.to) params.until = view.to;
  return params;
}

// ...and the selected actors, for the panels that follow the selection
export function selectionFilters(options) {
  const params = filters(options);
  if (view.selected) params.actors = view.selected;
  return params;
}

// a few words on what the filters keep, for empty states
export function describeFilters() {
  const parts = [];
  if (view.type) parts.push(`type ${view.type}`);
  if (view.item) parts.push(`item ${view.item}`);
  if (view.sources > 1) parts.push(`at least ${view.sources} sources`);
  if (view.score > 0) parts.push(`score ≥ ${view.score}`);
  if (view.from || view.to) parts.push(`${view.from || "start"} to ${view.to || "end"}`);
  if (view.selected) parts.push(`actors ${view.selected.replace(",", " and ")}`);
  return parts.length ? parts.join(", ") : "no filter";
}
