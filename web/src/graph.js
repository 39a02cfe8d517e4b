// The network: states and organisations as nodes (sized by activity, named, the code on
// hover), the merged flows between them as edges. Click a node for the actor's card, an
// edge for its flows; drag a node to pin it (double-click unpins).
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { $, el, empty } from "./dom.js";
import { api, nameOf } from "./api.js";
import { ITEM_COLORS, TYPE_COLORS, DENIED_COLOR } from "./colors.js";
import { activity, mergeFlows } from "./flows.js";
import { runLayout, separate } from "./layout.js";
import { describeFilters, view } from "./state.js";

cytoscape.use(fcose);

const base = new Map();    // node id -> position from the layout of the whole store
const pinned = new Map();  // node id -> position the user dragged it to
let cy = null;
let handlers = {};
let shown = [];            // the merged edges drawn now

const STYLE = [
  { selector: "node", style: { label: "data(label)", "background-color": "data(color)",
    color: "#1d2327", "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
    "font-size": 18, width: "data(size)", height: "data(size)", "text-outline-color": "#fff",
    "text-outline-width": 2, "border-width": 1, "border-color": "#fff" } },
  { selector: "node.pinned", style: { "border-width": 3, "border-color": "#2271b1" } },
  { selector: "node.selected", style: { "border-width": 4, "border-color": "#dba617" } },
  { selector: "edge", style: { width: "data(width)", "line-color": "data(color)",
    "target-arrow-color": "data(color)", "target-arrow-shape": "triangle", "arrow-scale": 1.2,
    "curve-style": "bezier", opacity: 0.85, "font-size": 10, "text-rotation": "autorotate",
    "text-background-color": "#fff", "text-background-opacity": 0.85,
    "text-background-padding": 2 } },
  { selector: "edge[kind = 'tie']", style: { "target-arrow-shape": "none" } },
  { selector: "edge[kind = 'hostile']", style: { "target-arrow-shape": "tee" } },
  { selector: "edge[kind = 'denied']", style: { "line-style": "dotted", opacity: 0.7,
    "target-arrow-shape": "triangle-cross" } },
  { selector: "edge[contested = 'yes']", style: { "line-style": "dashed" } },
  { selector: "edge.hover, edge:selected", style: { label: "data(label)", opacity: 1,
    "z-index": 10 } },
  { selector: ".faded", style: { opacity: 0.15 } },
  { selector: "node.faded", style: { opacity: 0.3 } },
];

export function initGraph(callbacks) {
  handlers = callbacks;
  cy = cytoscape({ container: $("graph"), style: STYLE,
    minZoom: 0.2, maxZoom: 4 });
  window.axiswatchGraph = cy; // for tests and the console
  window.axiswatchFlows = () => shown.flatMap((m) => m.flows.map((f) =>
    [f.source, f.target, f.category || f.type])); // every flow drawn, for tests
  cy.on("tap", "edge", (event) => handlers.onEdge(event.target.data("merged")));
  cy.on("tap", "node", (event) => handlers.onNode(event.target.id()));
  cy.on("dbltap", "node", (event) => {
    const id = event.target.id();
    pinned.delete(id);
    event.target.removeClass("pinned");
    if (base.has(id)) event.target.position({ ...base.get(id) });
  });
  cy.on("dragfree", "node", (event) => {
    pinned.set(event.target.id(), { ...event.target.position() });
    event.target.addClass("pinned");
  });
  const tip = $("graph-tip");
  cy.on("mouseover", "node", (event) => {
    const n = event.target;
    tip.textContent = `${n.id()} · ${n.data("name")} · ${n.data("flows")} flow(s)`;
    tip.hidden = false;
  });
  cy.on("mouseover", "edge", (event) => {
    event.target.addClass("hover");
    const m = event.target.data("merged");
    tip.textContent = `${m.source} ${m.kind === "tie" ? "–" : "→"} ${m.target}: `
      + m.flows.map((f) => `${f.category || f.type} (${f.sources})`).join(", ");
    tip.hidden = false;
  });
  cy.on("mouseout", "node, edge", (event) => { event.target.removeClass("hover"); tip.hidden = true; });
  $("g-reset").addEventListener("click", () => {
    pinned.clear();
    base.clear();
    handlers.onRelayout();
  });
  $("g-fit").addEventListener("click", () => cy.fit(undefined, 30));
}

function elementsOf(merged, nodes) {
  const score = activity(merged);
  const top = Math.max(1, ...score.values());
  return [
    ...nodes.map((n) => ({ group: "nodes", data: { id: n.id, name: n.name, label: n.name,
      kind: n.kind, flows: merged.filter((m) => m.source === n.id || m.target === n.id).length,
      size: Math.round(22 + 38 * Math.sqrt((score.get(n.id) || 0) / top)),
      color: n.kind === "state" ? "#50575e" : "#8a6d3b" } })),
    ...merged.map((m) => ({ group: "edges", data: { id: m.id, source: m.source, target: m.target,
      kind: m.kind, color: m.color, label: m.label, contested: m.contested ? "yes" : "no",
      width: Math.min(12, 1.5 + 1.6 * Math.log2(1 + m.sources)), merged: m } })),
  ];
}

// The layout of the whole store (every node and flow, no filter), made once.
export async function ensureLayout() {
  if (base.size) return;
  const all = await api("/api/graph", { limit: 5000 });
  const merged = mergeFlows(all.edges);
  cy.elements().remove();
  cy.add(elementsOf(merged, all.nodes));
  runLayout(cy, pinned);
  cy.nodes().forEach((n) => base.set(n.id(), { ...n.position() }));
}

export async function loadGraph(params) {
  await ensureLayout();
  const data = await api("/api/graph", { ...params, limit: 5000 });
  let merged = mergeFlows(data.edges).filter((m) => view.denied || m.kind !== "denied");
  let nodes = data.nodes;
  if (view.focus) {
    const near = new Set([view.focus]);
    for (const m of merged) {
      if (m.source === view.focus) near.add(m.target);
      if (m.target === view.focus) near.add(m.source);
    }
    merged = merged.filter((m) => near.has(m.source) && near.has(m.target));
    nodes = nodes.filter((n) => near.has(n.id));
  }
  const used = new Set(merged.flatMap((m) => [m.source, m.target]));
  nodes = nodes.filter((n) => used.has(n.id));
  shown = merged;
  cy.elements().remove();
  const elements = elementsOf(merged, nodes);
  const missing = nodes.filter((n) => !base.has(n.id) && !pinned.has(n.id));
  cy.add(elements);
  cy.nodes().forEach((n) => {
    const p = pinned.get(n.id()) || base.get(n.id());
    if (p) n.position({ ...p });
    if (pinned.has(n.id())) n.addClass("pinned");
  });
  if (missing.length) { base.clear(); runLayout(cy, pinned); cy.nodes().forEach((n) => base.set(n.id(), { ...n.position() })); }
  else separate(cy, new Set(pinned.keys()));
  highlight();
  cy.fit(undefined, 30);
  const hidden = data.edges.filter((e) => !e.sources).length;
  $("graph-empty").replaceChildren(merged.length ? "" : empty("No flows to draw:",
    `nothing passes ${describeFilters()}${hidden && !view.denied ? ` (${hidden} denied-only flow(s) hidden)` : ""}. `
    + "Widen the time window or clear a filter."));
  $("graph-empty").hidden = merged.length > 0;
  legend(merged, hidden);
  return { merged, nodes };
}

// the selected actors (and the flows between them) stand out, the rest fades
export function highlight() {
  if (!cy) return;
  cy.elements().removeClass("faded selected");
  if (!view.selected) return;
  const ids = view.selected.split(",");
  const chosen = cy.nodes().filter((n) => ids.includes(n.id()));
  if (!chosen.length) return;
  chosen.addClass("selected");
  const keep = ids.length > 1 ? chosen.edgesWith(chosen).union(chosen)
    : chosen.closedNeighborhood();
  cy.elements().not(keep).addClass("faded");
}

function legend(merged, hidden) {
  const used = new Map();
  for (const m of merged) {
    for (const f of m.flows) {
      const key = f.category && ITEM_COLORS[f.category] ? f.category : f.type;
      used.set(key, m.kind === "denied" ? DENIED_COLOR : ITEM_COLORS[key] || TYPE_COLORS[key]);
    }
  }
  $("legend").replaceChildren(...[...used.entries()].sort().map(([name, color]) =>
    el("span", {}, el("i", { style: `background:${color}` }), name)),
    el("span", { class: "hint" }, "→ supply · ⊣ denounce/sanction · no head: meeting/agreement"
      + " · dashed: contested · dotted: denied only"
      + (hidden && !view.denied ? ` (${hidden} hidden)` : "")));
}

export const graphNames = () => (cy ? cy.nodes().map((n) => n.data("name")) : []);
export const nodeName = (id) => nameOf(id);
