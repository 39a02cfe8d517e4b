// The axiswatch analyst page: wiring the panels (one module each) to the view's state.
// Every panel follows the same filters and time window; the selection of actors narrows
// all but the graph, which highlights it; the whole view lives in the URL.
import "./style.css";
import { $, el } from "./dom.js";
import { actorsById, allPages, documentIndex, forgetDocuments, nameOf } from "./api.js";
import { TYPES } from "./colors.js";
import { filters, readUrl, selectionFilters, view, writeUrl } from "./state.js";
import { readSliders, setBounds, setHistogram, syncSliders, wireTime } from "./time.js";
import { highlight, initGraph, loadGraph } from "./graph.js";
import { showActor } from "./actor.js";
import { showFact, showFlows } from "./evidence.js";
import { initTimeline, loadTimeline } from "./timeline.js";
import { initFacts, setFacts } from "./facts.js";
import { initFigures, loadFigures } from "./figures.js";
import { initConflicts, loadConflicts } from "./conflicts.js";
import { runSearch, wireSearch } from "./search.js";
import { drawMap } from "./map.js";
import { loadAlerts } from "./alerts.js";
import { wireToolbar } from "./toolbar.js";
import { wireUpload } from "./upload.js";

let merged = [];
const problem = (error) => $("evidence").replaceChildren(el("p", { class: "error" }, error.message));
const openFact = (id, events = []) => showFact(id, { events });

async function loadMap() {
  if (view.tab === "map") drawMap(merged, { onEdge, onNode });
}

// the panels that follow the selection (all but the graph)
async function loadSelected() {
  const [facts] = await Promise.all([
    allPages("/api/facts", selectionFilters(), 20_000),
    loadTimeline(),
    loadFigures(),
    allPages("/api/timeline", selectionFilters({ window: false }), 10_000).then(setHistogram),
    runSearch(),
  ]);
  setFacts(facts);
  await loadConflicts(new Set(facts.map((f) => f.id)));
}

let running = null;
let again = false;
// redraw everything; calls while one runs are folded into one more run after it
export function refresh() {
  if (running) { again = true; return running; }
  document.body.dataset.ready = "no";
  running = (async () => {
    do {
      again = false;
      writeUrl();
      showSelection();
      try {
        const [graph] = await Promise.all([loadGraph(filters()), loadSelected(),
          loadAlerts(openFact)]);
        merged = graph.merged;
        await loadMap();
      } catch (error) {
        problem(error);
      }
    } while (again);
    running = null;
    document.body.dataset.ready = "yes";
  })();
  return running;
}

// a selection change redraws only what follows it
async function reselect() {
  highlight();
  writeUrl();
  showSelection();
  document.body.dataset.ready = "no";
  try { await loadSelected(); } catch (error) { problem(error); }
  document.body.dataset.ready = "yes";
}

function showSelection() {
  const ids = view.selected ? view.selected.split(",") : [];
  $("selection").replaceChildren(...(ids.length ? [el("span", {},
    `for ${ids.join(" and ")} (${ids.map(nameOf).join(" and ")}) `),
  el("button", { type: "button", onclick: () => { view.selected = ""; reselect(); } }, "show all")]
    : []));
}

function onNode(id) {
  view.selected = id;
  view.fact = "";
  reselect();
  showActor(id, merged, { focused: view.focus === id, onFocus: (focus) => {
    view.focus = focus;
    refresh().then(() => showActor(id, merged, { focused: view.focus === id, onFocus: onFocusOf(id) }));
  } }).catch(problem);
}
const onFocusOf = (id) => (focus) => { view.focus = focus; refresh().then(() => onNode(id)); };

function onEdge(m) {
  view.selected = `${m.source},${m.target}`;
  reselect();
  showFlows(m);
}

async function setUp({ reload = false } = {}) {
  await Promise.all([actorsById(reload), documentIndex(reload)]);
  const facts = await allPages("/api/facts", {}, 20_000);
  setBounds(facts);
  const categories = [...new Set(facts.map((f) => f.item_category).filter(Boolean))].sort();
  $("f-item").replaceChildren(el("option", { value: "" }, "all"),
    ...categories.map((c) => el("option", { value: c }, c)));
  $("f-item").value = view.item;
  $("f-type").value = view.type;
  $("f-sources").value = view.sources;
  $("f-score").value = String(view.score);
  $("f-denied").checked = view.denied;
  syncSliders();
  showTab();
}

function showTab() {
  $("graph").hidden = view.tab !== "graph";
  $("map-box").hidden = view.tab !== "map";
  $("tab-graph").setAttribute("aria-pressed", String(view.tab === "graph"));
  $("tab-map").setAttribute("aria-pressed", String(view.tab === "map"));
  if (view.tab === "graph" && window.axiswatchGraph) {
    window.axiswatchGraph.resize();
    window.axiswatchGraph.fit(undefined, 30);
  }
}

function wire() {
  $("f-type").replaceChildren(el("option", { value: "" }, "all"),
    ...TYPES.map((t) => el("option", { value: t }, t)));
  wireToolbar();
  const read = () => {
    view.type = $("f-type").value;
    view.item = $("f-item").value;
    view.sources = Math.max(1, Number($("f-sources").value) || 1);
    view.score = Number($("f-score").value) || 0;
    view.denied = $("f-denied").checked;
    readSliders();
    refresh();
  };
  for (const id of ["f-type", "f-item", "f-sources", "f-score", "f-from", "f-to", "f-denied"]) {
    $(id).addEventListener("change", read);
  }
  for (const id of ["f-from", "f-to"]) $(id).addEventListener("input", () => {
    if (Number($("f-from").value) > Number($("f-to").value)) $("f-to").value = $("f-from").value;
  });
  wireTime(refresh);
  wireSearch();
  wireUpload(async () => {
    forgetDocuments();
    await setUp({ reload: true });
    await refresh();
  });
  for (const tab of ["graph", "map"]) {
    $(`tab-${tab}`).addEventListener("click", () => {
      view.tab = tab;
      writeUrl();
      showTab();
      loadMap();
    });
  }
  $("copy-link").addEventListener("click", async () => {
    writeUrl();
    try { await navigator.clipboard.writeText(window.location.href); $("copy-link").textContent = "Link copied"; }
    catch { $("copy-link").textContent = "Copy the address bar"; }
    setTimeout(() => { $("copy-link").textContent = "Link to this view"; }, 2000);
  });
  $("token").value = sessionStorage.getItem("axiswatch-token") || "";
  $("token").addEventListener("change", async (e) => {
    if (e.target.value) sessionStorage.setItem("axiswatch-token", e.target.value);
    else sessionStorage.removeItem("axiswatch-token");
    await setUp({ reload: true });
    await refresh();
  });
  initGraph({ onNode, onEdge, onRelayout: refresh });
  initTimeline(openFact);
  initFacts(openFact);
  initFigures(openFact);
  initConflicts(openFact);
}

async function start() {
  readUrl();
  wire();
  await setUp();
  await refresh();
  // the selection and open fact of a restored view
  if (view.fact) showFact(view.fact);
  else if (view.selected && !view.selected.includes(",")) onNode(view.selected);
}

setInterval(() => loadAlerts(openFact).catch(() => {}), 30_000);
start().catch(problem);
