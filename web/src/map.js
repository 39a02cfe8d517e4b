// The map: the flows between states over world outlines (Natural Earth via world-atlas,
// bundled: no tiles from the network), each flow a curve from one state to the other.
import { feature } from "topojson-client";
import { geoArea, geoNaturalEarth1, geoPath } from "d3-geo";
import world from "world-atlas/countries-110m.json";
import codes from "i18n-iso-countries/codes.json";
import { $, el, empty, svg } from "./dom.js";
import { nameOf } from "./api.js";
import { describeFilters } from "./state.js";

const NUMERIC = new Map(codes.map(([, alpha3, numeric]) => [alpha3, numeric]));
const WIDTH = 960;
const HEIGHT = 500;
let countries = null;
let projection = null;
let path = null;
const centres = new Map();

function setUp() {
  countries = feature(world, world.objects.countries).features;
  projection = geoNaturalEarth1().fitExtent([[5, 5], [WIDTH - 5, HEIGHT - 5]],
    { type: "Sphere" });
  path = geoPath(projection);
  for (const c of countries) {
    // the centre of the largest part (France's, not between Paris and Guiana)
    const parts = c.geometry.type === "MultiPolygon"
      ? c.geometry.coordinates.map((p) => ({ type: "Polygon", coordinates: p })) : [c.geometry];
    const largest = parts.reduce((a, b) => (geoArea(b) > geoArea(a) ? b : a));
    centres.set(String(c.id).padStart(3, "0"), path.centroid(largest));
  }
}

const centreOf = (alpha3) => centres.get(NUMERIC.get(alpha3));

export function drawMap(merged, { onEdge, onNode }) {
  if (!countries) setUp();
  const active = new Set(merged.flatMap((m) => [m.source, m.target]));
  const activeNumeric = new Set([...active].map((a) => NUMERIC.get(a)).filter(Boolean));
  const byNumeric = new Map([...NUMERIC.entries()].map(([a, n]) => [n, a]));
  const colors = [...new Set(merged.map((m) => m.color))];
  const defs = svg("defs", {}, ...colors.map((c, i) => svg("marker", { id: `arrow-${i}`,
    viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "5", markerHeight: "5",
    orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: c }))));
  const land = countries.map((c) => {
    const id = String(c.id).padStart(3, "0");
    const alpha3 = byNumeric.get(id);
    return svg("path", { d: path(c), class: activeNumeric.has(id) ? "country active" : "country",
      data: { actor: alpha3 || "" },
      onclick: () => alpha3 && active.has(alpha3) && onNode(alpha3) },
    svg("title", {}, alpha3 ? `${nameOf(alpha3)} (${alpha3})` : c.properties.name));
  });
  const drawn = [];
  const off = new Set();
  const lines = merged.map((m) => {
    const a = centreOf(m.source);
    const b = centreOf(m.target);
    if (!a) off.add(m.source);
    if (!b) off.add(m.target);
    if (!a || !b || (a[0] === b[0] && a[1] === b[1])) return null;
    // a curve bending to the left of its direction, so A→B and B→A stay apart
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const bend = 0.18 + (m.kind === "tie" ? 0.1 : 0) + (m.kind === "hostile" ? -0.05 : 0);
    const c = [(a[0] + b[0]) / 2 - dy * bend, (a[1] + b[1]) / 2 + dx * bend];
    drawn.push(m);
    return svg("path", { d: `M${a[0]},${a[1]} Q${c[0]},${c[1]} ${b[0]},${b[1]}`,
      class: `flow ${m.kind}${m.contested ? " contested" : ""}`, stroke: m.color,
      "stroke-width": Math.min(8, 1 + Math.log2(1 + m.sources)).toFixed(1),
      "marker-end": m.kind === "tie" ? null : `url(#arrow-${colors.indexOf(m.color)})`,
      data: { id: m.id }, onclick: () => onEdge(m) },
    svg("title", {}, `${nameOf(m.source)} → ${nameOf(m.target)}: `
      + m.flows.map((f) => `${f.category || f.type} (${f.sources})`).join(", ")));
  }).filter(Boolean);
  const labels = [...active].map((id) => [id, centreOf(id)]).filter(([, p]) => p)
    .map(([id, p]) => svg("text", { x: p[0].toFixed(1), y: (p[1] - 4).toFixed(1),
      class: "map-label" }, nameOf(id)));
  $("map").replaceChildren(svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-label": "map of the flows between states", id: "map-svg" },
  defs, svg("path", { d: path({ type: "Sphere" }), class: "sphere" }), ...land, ...lines,
  ...labels));
  $("map-note").replaceChildren(merged.length ? `${drawn.length} flow(s) drawn`
    + (off.size ? `; not on the map (organisations, or no outline): ${[...off].sort()
      .map((id) => `${nameOf(id)} (${id})`).join(", ")}` : "")
    : empty("No flows to map:", `nothing passes ${describeFilters()}.`));
  window.axiswatchMapFlows = drawn.length; // for tests
  return drawn.length;
}
