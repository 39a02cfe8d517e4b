// The axiswatch analyst page. Every piece of article text is put into the page
// as text nodes (textContent), never as HTML, so hostile articles render inertly.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { Timeline } from "vis-timeline/standalone";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import Chart from "chart.js/auto";
import "chartjs-adapter-date-fns";
import "./style.css";

cytoscape.use(fcose);

const PALETTE = {
  ammunition: "#d63638", missile: "#8c1bab", drone: "#2271b1", weapon: "#996800",
  technology: "#00a32a", food: "#a7aaad", fuel: "#1d2327", money: "#dba617",
  materials: "#3582c4", personnel: "#e65054", none: "#787c82",
};
const $ = (id) => document.getElementById(id);
const state = { months: [], docs: new Map(), selected: null };
let graph = null;
let timeline = null;
let chart = null;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "data") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, params = {}, options = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  const url = path + (query.toString() ? "?" + query : "");
  const token = sessionStorage.getItem("axiswatch-token");
  const headers = { ...(options.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url, { ...options, headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function filters() {
  const params = {
    type: $("f-type").value,
    item: $("f-item").value,
    min_sources: Number($("f-sources").value) > 1 ? $("f-sources").value : "",
    min_score: Number($("f-score").value) > 0 ? $("f-score").value : "",
  };
  // the full range sends no dates, so undated facts stay in view until the range is narrowed
  const from = Number($("f-from").value);
  const to = Number($("f-to").value);
  if (state.months.length && from > 0) params.since = state.months[from];
  if (state.months.length && to < state.months.length - 1) params.until = state.months[to];
  return params;
}

function marked(text, start, end) {
  // text with [start, end) highlighted, as nodes
  return [text.slice(0, start), el("mark", {}, text.slice(start, end)), text.slice(end)];
}

function snippet(text) {
  // "<<word>>" markers from the search API become <mark> elements
  const parts = String(text || "").split(/<<|>>/);
  return parts.map((part, i) => (i % 2 ? el("mark", {}, part) : part));
}

async function documentOf(doc) {
  if (!state.docs.has(doc)) state.docs.set(doc, await api(`/api/documents/${encodeURIComponent(doc)}`));
  return state.docs.get(doc);
}

// A link to the article's web page: only http(s) addresses (never javascript: or data:),
// opened without a referrer or a handle on this page.
function safeLink(url) {
  if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return null;
  return el("a", { class: "source-link", href: url, target: "_blank",
                   rel: "noopener noreferrer nofollow" }, " · original ↗");
}

async function showFact(factId) {
  const panel = $("evidence");
  panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  try {
    const fact = await api(`/api/facts/${encodeURIComponent(factId)}`);
    const items = [];
    for (const ev of fact.evidence) {
      const doc = await documentOf(ev.doc);
      const sentence = doc.sentences.find((s) => s.start === ev.evidence_start);
      const paragraph = doc.sentences.filter((s) => sentence && s.paragraph === sentence.paragraph);
      const from = paragraph.length ? paragraph[0].start : ev.evidence_start;
      const to = paragraph.length ? paragraph[paragraph.length - 1].end : ev.evidence_end;
      const text = doc.text.slice(from, to);
      items.push(el("div", { class: `evidence-item ${ev.certainty}`, data: { doc: ev.doc } },
        el("div", { class: "meta" },
          `${ev.publisher || "unknown publisher"} · ${ev.published || "undated"} · ${ev.certainty}` +
          (typeof ev.score === "number" ? ` · score ${ev.score.toFixed(2)}` : "")
          + (ev.attribution ? ` · says ${ev.attribution}` : "") + ` · ${doc.title}`,
          safeLink(doc.url)),
        el("p", { class: "paragraph" }, ...marked(text, ev.evidence_start - from, ev.evidence_end - from))));
    }
    const conflicts = fact.conflicts.map((c) => el("li", {}, `${c.kind}: ${c.detail}`));
    panel.replaceChildren(
      el("h3", {}, `${fact.type} ${fact.source} → ${fact.target || "—"} ${fact.item_category || ""}`),
      el("p", { class: "meta" }, `${fact.period_start || "?"} to ${fact.period_end || "?"}; `
        + `${fact.sources} independent source(s), ${fact.denials} denial(s); confidence `
        + `${fact.confidence.toFixed(2)}; strongest ${fact.strongest}, weakest ${fact.weakest}`),
      conflicts.length ? el("ul", { id: "fact-conflicts" }, ...conflicts) : "",
      ...items);
  } catch (error) {
    panel.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

async function loadGraph() {
  const data = await api("/api/graph", filters());
  const elements = [
    ...data.nodes.map((n) => ({ data: { id: n.id, label: n.id, name: n.name } })),
    ...data.edges.map((e) => ({ data: {
      id: e.id, fact: e.fact, source: e.source, target: e.target, category: e.category || e.type,
      color: PALETTE[e.category] || PALETTE.none, width: 1 + 2 * Math.min(e.sources, 6),
      label: e.category || e.type, contested: e.contested ? "yes" : "no" } })),
  ];
  if (!graph) {
    graph = cytoscape({
      container: $("graph"),
      style: [
        { selector: "node", style: { label: "data(label)", "background-color": "#50575e",
          color: "#1d2327", "text-valign": "center", "text-halign": "center",
          "font-size": 11, width: 34, height: 34, "text-outline-color": "#fff", "text-outline-width": 2 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(color)",
          "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
          "curve-style": "bezier", label: "data(label)", "font-size": 9, "text-rotation": "autorotate" } },
        { selector: "edge[contested = 'yes']", style: { "line-style": "dashed" } },
      ],
    });
    graph.on("tap", "edge", (event) => {
      const edge = event.target;
      select(`${edge.source().id()},${edge.target().id()}`);
      showFact(edge.data("fact"));
    });
    graph.on("tap", "node", (event) => select(event.target.id()));
  }
  graph.elements().remove();
  graph.add(elements);
  // a circle reads best for a handful of states; force-directed beyond that
  const layout = data.nodes.length > 14
    ? { name: "fcose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 120 }
    : { name: "circle", animate: false, avoidOverlap: true, padding: 30 };
  graph.layout(layout).run();
  window.axiswatchGraph = graph; // for tests and the console
  const categories = [...new Set(data.edges.map((e) => e.category || e.type))].sort();
  $("legend").replaceChildren(...categories.map((c) =>
    el("span", {}, el("i", { style: `background:${PALETTE[c] || PALETTE.none}` }), c)));
}

async function select(actors) {
  // the timeline follows the selection in the graph: a state, or the pair of an edge
  state.selected = actors;
  $("selection").replaceChildren(actors ? el("span", {}, `for ${actors.replace(",", " and ")} `,
    el("button", { type: "button", onclick: () => select(null) }, "show all")) : "");
  await loadTimeline();
}

async function loadTimeline() {
  const params = { ...filters(), limit: 1000 };
  if (state.selected) params.actors = state.selected;
  const data = await api("/api/timeline", params);
  const day = (d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
  const items = data.items.filter((r) => r.date).map((r, i) => {
    const span = r.kind === "fact" && r.end && day(r.end) > day(r.date);
    return { id: i, start: day(r.date), end: span ? day(r.end) : undefined,
      type: span ? "range" : "point",
      content: `${r.kind === "fact" ? "◆ " : ""}${r.type} ${r.source}→${r.target || "—"}`
        + (r.item_category ? ` ${r.item_category}` : ""),
      title: r.detail || "", className: r.kind, fact: r.fact };
  });
  if (!timeline) {
    timeline = new Timeline($("timeline"), items, { height: "260px", stack: true, zoomMin: 86400000 * 7 });
    timeline.on("select", ({ items: selected }) => {
      const item = timeline.itemsData.get(selected[0]);
      if (item && item.fact) showFact(item.fact);
    });
  } else {
    timeline.setItems(items);
    if (items.length) timeline.fit({ animation: false });
  }
}

async function loadFacts() {
  const data = await api("/api/facts", { ...filters(), limit: 1000 });
  const rows = data.items.map((f) => el("tr", {
    class: f.contested ? "contested" : "", data: { fact: f.id }, onclick: () => showFact(f.id) },
    el("td", {}, f.type), el("td", {}, f.source), el("td", {}, f.target || "—"),
    el("td", {}, f.item_category || ""), el("td", {}, `${f.period_start || "?"} – ${f.period_end || "?"}`),
    el("td", {}, f.sources), el("td", {}, f.confidence.toFixed(2)), el("td", {}, f.strongest),
    el("td", {}, f.contested ? "contested" : "")));
  $("facts").tBodies[0].replaceChildren(...rows);
}

async function loadFigures() {
  const params = filters();
  delete params.min_sources;
  delete params.min_score;
  const data = await api("/api/series", params);
  const bySeries = new Map();
  for (const row of data.items) {
    const key = `${row.source}→${row.target || "—"} ${row.unit}`;
    if (!bySeries.has(key)) bySeries.set(key, []);
    bySeries.get(key).push(row);
  }
  // points at their report dates on a time axis; undated figures cannot be placed
  const colors = Object.values(PALETTE);
  const datasets = [...bySeries.entries()].map(([key, rows], i) => ({
    label: key, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length],
    data: rows.filter((r) => r.date).map((r) => ({
      x: r.date.length === 4 ? `${r.date}-07-01` : r.date.length === 7 ? `${r.date}-15` : r.date,
      y: r.value, reporter: r.reporter, bound: r.bound })),
  })).filter((d) => d.data.length);
  const bound = { min: "over ", max: "up to ", about: "about " };
  if (chart) chart.destroy();
  chart = new Chart($("figures"), { type: "line", data: { datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { type: "time", time: { unit: "month", tooltipFormat: "yyyy-MM-dd" } },
        y: { beginAtZero: true } },
      plugins: { legend: { position: "bottom" }, tooltip: { callbacks: {
        label: (c) => `${bound[c.raw.bound] || ""}${c.raw.y.toLocaleString()} (${c.raw.reporter})` } } } } });
  const conflicts = await api("/api/conflicts", { type: params.type, item: params.item, limit: 200 });
  $("conflicts").replaceChildren(...conflicts.items.map((c) => el("li", {
    data: { fact: c.fact || "" }, onclick: () => c.fact && showFact(c.fact) },
    `${c.kind}: ${c.source} → ${c.target || "—"} ${c.item_category || c.unit || ""} — ${c.detail}`)));
}

// What `axiswatch watch` raised, newest first; asked again every 30 s.
async function loadAlerts() {
  const alerts = await api("/api/alerts", { limit: 50 });
  $("alerts").replaceChildren(...(alerts.items.length ? alerts.items.map((a) => el("li", {
    class: a.fact ? "clickable" : "", data: { fact: a.fact || "", rule: a.rule },
    onclick: () => a.fact && showFact(a.fact) },
    el("time", {}, a.created.replace("T", " ").slice(0, 16)), ` [${a.rule}] ${a.message}`))
    : [el("li", { class: "hint" }, "No alerts yet: `axiswatch watch CONFIG.yaml` raises them.")]));
}

async function refresh() {
  for (const [id, label] of [["f-from", "f-from-label"], ["f-to", "f-to-label"]]) {
    $(label).textContent = state.months[Number($(id).value)] || "";
  }
  try {
    await Promise.all([loadGraph(), loadTimeline(), loadFacts(), loadFigures(), loadAlerts()]);
    document.body.dataset.ready = "yes";
  } catch (error) {
    $("evidence").replaceChildren(el("p", { class: "error" }, error.message));
  }
}

function monthsBetween(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1; if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

async function setUp() {
  const facts = await api("/api/facts", { limit: 1000 });
  const starts = facts.items.map((f) => f.period_start).filter(Boolean).sort();
  const ends = facts.items.map((f) => f.period_end).filter(Boolean).sort();
  state.months = starts.length ? monthsBetween(starts[0].slice(0, 7), ends[ends.length - 1].slice(0, 7)) : [];
  window.axiswatchMonths = state.months; // for tests and the console
  for (const id of ["f-from", "f-to"]) $(id).max = Math.max(0, state.months.length - 1);
  $("f-from").value = 0;
  $("f-to").value = Math.max(0, state.months.length - 1);
  const categories = [...new Set(facts.items.map((f) => f.item_category).filter(Boolean))].sort();
  $("f-item").replaceChildren(el("option", { value: "" }, "all"),
    ...categories.map((c) => el("option", { value: c }, c)));
}

async function search(event) {
  event.preventDefault();
  const q = $("q").value.trim();
  if (!q) return;
  try {
    const found = await api("/api/search", { q });
    $("results").replaceChildren(...(found.items.length ? found.items.map((d) => el("li", {},
      el("strong", {}, d.title), ` (${d.publisher || "unknown"}, ${d.published || "undated"}) `,
      ...snippet(d.snippet))) : [el("li", {}, "No article matches.")]));
  } catch (error) {
    $("results").replaceChildren(el("li", {}, error.message));
  }
}

async function upload(files) {
  if (!files.length) return;
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  $("upload-results").replaceChildren(el("li", {}, `Uploading ${files.length} file(s)…`));
  try {
    const result = await api("/api/documents", {}, { method: "POST", body: form });
    $("upload-results").replaceChildren(...result.items.map((r) => el("li", {},
      r.error ? `${r.where || r.file}: ${r.error}`
        : `${r.file} → ${r.doc}: ${r.outcome}, ${r.events} event(s)`)));
    state.docs.clear();
    await setUp();
    await refresh();
  } catch (error) {
    $("upload-results").replaceChildren(el("li", {}, error.message));
  }
}

// What the page shows (its filters and the selected actors) as a query string, for the
// Briefing link and the Export menu.
function selectionQuery(extra = {}) {
  const params = { ...filters(), ...extra };
  if (state.selected) params.actors = state.selected;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  return query.toString();
}

// A link cannot send the server token: with one, the file is fetched with it as a blob.
function tokenHeaders() {
  const token = sessionStorage.getItem("axiswatch-token");
  return token ? { Authorization: `Bearer ${token}` } : null;
}

async function fetchBlob(url, headers) {
  const response = await fetch(url, { headers: headers || {} });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || body.detail || response.statusText);
  }
  return { blob: await response.blob(), response };
}

// "Briefing": the report of what the page shows as HTML from /api/report, in a new tab.
function addBriefingLink() {
  const link = el("a", { id: "briefing", href: "/api/report?format=html", target: "_blank",
    rel: "noopener", title: "A briefing of the current selection, every statement footnoted",
    style: "color:#fff;border:1px solid #8c8f94;border-radius:4px;padding:.2rem .6rem;"
      + "text-decoration:none" }, "Briefing");
  const update = () => { link.href = "/api/report?" + selectionQuery({ format: "html" }); };
  for (const type of ["mouseenter", "focus"]) link.addEventListener(type, update);
  link.addEventListener("click", async (event) => {
    update();
    const headers = tokenHeaders();
    if (!headers) return; // the link opens the briefing
    event.preventDefault();
    const tab = window.open("", "_blank");
    const { blob } = await fetchBlob(link.href, headers).catch((error) => ({ blob: new Blob(
      [error.message], { type: "text/plain" }) }));
    if (tab) tab.location = URL.createObjectURL(blob);
  });
  $("filters").after(link);
  return link;
}

// "Export": what the page shows as a file from /api/export (docs/exports.md). It is fetched
// (with the token, if any) so that a refused export (e.g. events with "Min. sources") is a
// message rather than a broken download, then saved under the server's file name.
const EXPORTS = [
  ["csv", "facts", "Facts CSV"], ["jsonl", "facts", "Facts JSON Lines"],
  ["parquet", "facts", "Facts Parquet"], ["csv", "events", "Events CSV"],
  ["jsonl", "events", "Events JSON Lines"], ["parquet", "events", "Events Parquet"],
  ["graphml", "facts", "GraphML"], ["gexf", "facts", "GEXF (Gephi)"],
  ["ftm", "facts", "FollowTheMoney"], ["sipri", "facts", "SIPRI register"],
  ["bundle", "facts", "Bundle"],
];

function addExportMenu(after) {
  const select = el("select", { id: "export", title: "Download the current selection as a file" },
    el("option", { value: "" }, "choose a format…"),
    ...EXPORTS.map(([format, what, label]) => el("option", { value: `${format}:${what}` }, label)));
  const status = el("span", { id: "export-status", role: "status", "aria-live": "polite" });
  select.addEventListener("change", async () => {
    if (!select.value) return;
    const [format, what] = select.value.split(":");
    select.disabled = true;
    status.textContent = "Exporting…";
    try {
      const extra = what === "facts" ? { format } : { format, what };
      const { blob, response } = await fetchBlob("/api/export?" + selectionQuery(extra), tokenHeaders());
      const named = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") || "");
      const url = URL.createObjectURL(blob);
      const save = el("a", { href: url, download: named ? named[1] : `axiswatch.${format}` });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = "";
    } catch (error) {
      status.textContent = `Export failed: ${error.message}`;
    } finally {
      select.value = "";
      select.disabled = false;
    }
  });
  after.after(el("label", { class: "export" }, "Export ", select), status);
}

function wire() {
  addExportMenu(addBriefingLink());
  for (const id of ["f-type", "f-item", "f-sources", "f-score", "f-from", "f-to"]) $(id).addEventListener("change", refresh);
  for (const id of ["f-from", "f-to"]) $(id).addEventListener("input", () => {
    if (Number($("f-from").value) > Number($("f-to").value)) $("f-to").value = $("f-from").value;
  });
  $("search").addEventListener("submit", search);
  const zone = $("dropzone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); upload([...e.dataTransfer.files]); });
  $("file-input").addEventListener("change", (e) => upload([...e.target.files]));
  $("token").value = sessionStorage.getItem("axiswatch-token") || "";
  $("token").addEventListener("change", async (e) => {
    if (e.target.value) sessionStorage.setItem("axiswatch-token", e.target.value);
    else sessionStorage.removeItem("axiswatch-token");
    await setUp();
    await refresh();
  });
}

wire();
setInterval(() => loadAlerts().catch(() => {}), 30_000);
setUp().then(refresh).catch((error) => $("evidence").replaceChildren(el("p", { class: "error" }, error.message)));
