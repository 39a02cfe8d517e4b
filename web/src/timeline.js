// The timeline: one row per pair of actors (a fact as a bar over its period, its
// reports as points), scrolling vertically, opened on the slider's window.
import { Timeline } from "vis-timeline/standalone";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import { $, el, empty } from "./dom.js";
import { allPages, nameOf } from "./api.js";
import { describeFilters, selectionFilters, view } from "./state.js";
import { SYMMETRIC } from "./colors.js";
import { time } from "./time.js";

let timeline = null;
let onFact = () => {};

const day = (d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);

export function initTimeline(callback) {
  onFact = callback;
}

export async function loadTimeline() {
  const rows = await allPages("/api/timeline", selectionFilters(), 5000);
  const dated = rows.filter((r) => r.date);
  const groups = new Map();
  const items = dated.map((r, i) => {
    const pair = SYMMETRIC.has(r.type) && r.target ? [r.source, r.target].sort() : [r.source, r.target];
    const group = `${pair[0]}${SYMMETRIC.has(r.type) ? "–" : "→"}${pair[1] || "—"}`;
    groups.set(group, (groups.get(group) || 0) + 1);
    const span = r.kind === "fact" && r.end && day(r.end) > day(r.date);
    return { id: i, group, start: day(r.date), end: span ? day(r.end) : undefined,
      type: span ? "range" : "point",
      content: `${r.kind === "fact" ? "◆ " : ""}${r.type} ${r.source}→${r.target || "—"}`
        + (r.item_category ? ` ${r.item_category}` : ""),
      title: r.detail || "", className: `${r.kind} ${r.type}`, fact: r.fact };
  });
  const groupList = [...groups.entries()].map(([id, n]) => {
    const [a, b] = id.split(/→|–/);
    return { id, order: -n, content: `${nameOf(a)} ${id.includes("–") ? "–" : "→"} ${nameOf(b)}`,
      title: `${id}: ${n} item(s)` };
  });
  // the window of the sliders, not of the outliers
  const first = view.from || time.months[0];
  const last = view.to || time.months[time.months.length - 1];
  let span = null;
  if (first && last) {
    const [y, m] = last.split("-").map(Number);
    const start = new Date(`${first}-01T00:00:00Z`);
    const end = new Date(Date.UTC(y, m, 1));
    // room on the right for the labels of the latest items
    span = { start, end: new Date(end.getTime() + (end - start) * 0.12) };
  }
  if (!timeline) {
    timeline = new Timeline($("timeline"), items, groupList, {
      ...(span || {}),
      maxHeight: 480, verticalScroll: true, stack: true, zoomKey: "ctrlKey",
      zoomMin: 86400000 * 7, orientation: { axis: "top", item: "top" },
      groupOrder: "order", margin: { item: { horizontal: 2, vertical: 3 } },
      tooltip: { followMouse: true } });
    timeline.on("select", ({ items: selected }) => {
      const item = timeline.itemsData.get(selected[0]);
      if (item && item.fact) onFact(item.fact);
    });
    window.axiswatchTimeline = timeline; // for tests and the console
  } else {
    timeline.setData({ groups: groupList, items });
  }
  if (items.length && span) {
    timeline.setWindow(span.start, span.end, { animation: false });
  } else if (items.length) {
    timeline.fit({ animation: false });
  }
  const undated = rows.length - dated.length;
  $("timeline-note").replaceChildren(items.length
    ? `${items.length} item(s) in ${groupList.length} pair(s)${undated ? `; ${undated} undated not placed` : ""}`
    + "; scroll for more rows, ctrl+wheel zooms"
    : empty("Nothing on the timeline:", `no dated event or fact passes ${describeFilters()}.`));
  $("timeline").hidden = !items.length;
  return items.length;
}
