// Figures: one chart per unit (units normalised, see units.js), a line per pair, points
// at their report dates; a point opens the fact it was reported for, that report first.
import Chart from "chart.js/auto";
import "chartjs-adapter-date-fns";
import { $, el, empty } from "./dom.js";
import { api, nameOf } from "./api.js";
import { describeFilters, selectionFilters } from "./state.js";
import { normalUnit } from "./units.js";
import { ITEM_COLORS } from "./colors.js";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#7f7f7f"];
const BOUND = { min: "over ", max: "up to ", about: "about " };
let charts = [];
let onPoint = () => {};

export function initFigures(callback) {
  onPoint = callback;
}

// the fact a figure was reported for: same document, type, parties and item
export async function factOfPoint(row) {
  const found = await api("/api/facts", { doc: row.doc, type: row.type, source: row.source,
    target: row.target || "", limit: 100 });
  const fact = found.items.find((f) => row.categories.includes(f.item_category)) || found.items[0];
  return fact ? fact.id : null;
}

const place = (d) => (d.length === 4 ? `${d}-07-01` : d.length === 7 ? `${d}-15` : d);

export async function loadFigures() {
  const params = selectionFilters();
  delete params.min_sources;
  delete params.min_score;
  const data = await api("/api/series", params);
  for (const chart of charts) chart.destroy();
  charts = [];
  const byUnit = new Map();
  for (const row of data.items) {
    const unit = normalUnit(row.unit);
    if (!byUnit.has(unit)) byUnit.set(unit, []);
    byUnit.get(unit).push(row);
  }
  const box = $("figures");
  const units = [...byUnit.entries()].sort((a, b) => b[1].length - a[1].length);
  const cards = [];
  for (const [unit, rows] of units) {
    const dated = rows.filter((r) => r.date);
    const undated = rows.filter((r) => !r.date);
    const canvas = el("canvas", { "aria-label": `figures in ${unit}` });
    cards.push(el("div", { class: "figure-card", data: { unit } },
      el("h4", {}, unit, el("small", {}, ` · ${rows.length} figure(s)`
        + ([...new Set(rows.map((r) => r.unit))].length > 1
          ? ` as ${[...new Set(rows.map((r) => r.unit))].join(", ")}` : ""))),
      dated.length ? el("div", { class: "chart" }, canvas) : "",
      undated.length ? el("ul", { class: "undated" }, ...undated.map((r) => el("li", {
        class: "clickable", onclick: () => openPoint(r) },
      `undated: ${BOUND[r.bound] || ""}${r.value.toLocaleString()} ${r.unit}, `
        + `${r.source}→${r.target || "—"} (${r.reporter || r.publisher || r.doc})`))) : ""));
    if (!dated.length) continue;
    const bySeries = new Map();
    for (const r of dated) {
      const key = `${r.source}→${r.target || "—"}`;
      if (!bySeries.has(key)) bySeries.set(key, []);
      bySeries.get(key).push(r);
    }
    // the item's colour for a chart's only series, else one colour per pair
    const single = bySeries.size === 1;
    const datasets = [...bySeries.entries()].map(([key, list], i) => {
      const color = (single && ITEM_COLORS[list[0].categories[0]]) || COLORS[i % COLORS.length];
      return { label: `${nameOf(list[0].source)} → ${list[0].target ? nameOf(list[0].target) : "—"}`,
        key, borderColor: color, backgroundColor: color, pointRadius: 5, pointHoverRadius: 8,
        data: list.sort((a, b) => a.date.localeCompare(b.date)).map((r) => ({
          x: place(r.date), y: r.value, row: r })) };
    });
    charts.push({ canvas, datasets, unit });
  }
  box.replaceChildren(...(cards.length ? cards : [empty("No figures:",
    `no reported number passes ${describeFilters()}.`)]));
  charts = charts.map(({ canvas, datasets, unit }) => new Chart(canvas, { type: "line",
    data: { datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      onClick: (_event, points) => {
        if (points.length) openPoint(datasets[points[0].datasetIndex].data[points[0].index].row);
      },
      onHover: (event, points) => { event.native.target.style.cursor = points.length ? "pointer" : ""; },
      scales: { x: { type: "time", time: { unit: "month", tooltipFormat: "yyyy-MM-dd" },
        ...narrowSpan(datasets) },
        y: { beginAtZero: true, title: { display: true, text: unit } } },
      plugins: { legend: { position: "bottom" }, tooltip: { callbacks: {
        label: (c) => `${BOUND[c.raw.row.bound] || ""}${c.raw.y.toLocaleString()} ${c.raw.row.unit}`
          + ` (${c.raw.row.reporter || c.raw.row.publisher || c.raw.row.doc}) — click for evidence` } } } } }));
  window.axiswatchCharts = charts; // for tests and the console
  return charts.length;
}

// a chart whose points fall within two months gets three months either side, so that
// its axis still shows dates
function narrowSpan(datasets) {
  const times = datasets.flatMap((d) => d.data.map((p) => Date.parse(p.x))).filter(Number.isFinite);
  if (!times.length) return {};
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const month = 30 * 86_400_000;
  return hi - lo < 2 * month ? { min: lo - 3 * month, max: hi + 3 * month } : {};
}

async function openPoint(row) {
  const fact = await factOfPoint(row);
  if (fact) onPoint(fact, row.events);
}
