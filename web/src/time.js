// The time window: slider bounds from the bulk of the data (a stray "since 2006" does not
// stretch them), a histogram of events per month under the sliders, and play/step.
import { $, el } from "./dom.js";
import { view } from "./state.js";

export const time = { months: [], earlier: 0, later: 0, counts: [] };

export const month = (date) => (date ? date.slice(0, 7) : null);

export function monthsBetween(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1; if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

const index = (m) => { const [y, mm] = m.split("-").map(Number); return y * 12 + mm - 1; };
const ofIndex = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;

function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

// The months the sliders span: the facts' periods within Tukey's fences (1.5 times the
// interquartile range beyond the quartiles), never wider than the data.
export function boundsOf(facts) {
  const starts = facts.map((f) => month(f.period_start || f.first_reported)).filter(Boolean)
    .map(index).sort((a, b) => a - b);
  const ends = facts.map((f) => month(f.period_end || f.last_reported)).filter(Boolean)
    .map(index).sort((a, b) => a - b);
  if (!starts.length) return { months: [], earlier: 0, later: 0 };
  const fence = (list) => {
    const q1 = quantile(list, 0.25);
    const q3 = quantile(list, 0.75);
    return [q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)];
  };
  const lo = Math.max(starts[0], Math.floor(fence(starts)[0]));
  const hi = Math.max(lo, Math.min(ends[ends.length - 1], Math.ceil(fence(ends)[1])));
  return { months: monthsBetween(ofIndex(lo), ofIndex(hi)),
    earlier: starts.filter((s) => s < lo).length, later: ends.filter((e) => e > hi).length };
}

export function setBounds(facts) {
  Object.assign(time, boundsOf(facts));
  window.axiswatchMonths = time.months; // for tests and the console
  const last = Math.max(0, time.months.length - 1);
  for (const id of ["f-from", "f-to"]) $(id).max = last;
  syncSliders();
}

// sliders from the view (a month outside the bounds goes to the nearest end)
export function syncSliders() {
  const last = Math.max(0, time.months.length - 1);
  const at = (m, fallback) => {
    if (!m) return fallback;
    const i = time.months.indexOf(m);
    if (i >= 0) return i;
    return time.months.length && m < time.months[0] ? 0 : last;
  };
  $("f-from").value = at(view.from, 0);
  $("f-to").value = at(view.to, last);
  labels();
}

// the view from the sliders: the ends of the sliders are the open ends of the data
export function readSliders() {
  const last = time.months.length - 1;
  let from = Number($("f-from").value);
  let to = Number($("f-to").value);
  if (from > to) [from, to] = [to, to];
  view.from = from > 0 ? time.months[from] : "";
  view.to = to < last ? time.months[to] : "";
  labels();
}

function labels() {
  const from = Number($("f-from").value);
  const to = Number($("f-to").value);
  const last = time.months.length - 1;
  $("f-from-label").textContent = time.months[from] || "";
  $("f-to-label").textContent = time.months[to] || "";
  $("f-from-label").title = from === 0 && time.earlier
    ? `and ${time.earlier} earlier fact(s) outside the bulk of the data` : "";
  $("f-to-label").title = to === last && time.later
    ? `and ${time.later} later fact(s) outside the bulk of the data` : "";
  $("time-outliers").textContent = [
    from === 0 && time.earlier ? `+${time.earlier} earlier` : "",
    to === last && time.later ? `+${time.later} later` : ""].filter(Boolean).join(" · ");
  drawHistogram();
}

// events per month of the current filters (not the window), drawn under the sliders
export function setHistogram(items) {
  const counts = new Map();
  for (const item of items) {
    const m = month(item.date);
    if (item.kind === "event" && m) counts.set(m, (counts.get(m) || 0) + 1);
  }
  time.counts = time.months.map((m) => counts.get(m) || 0);
  drawHistogram();
}

function drawHistogram() {
  const canvas = $("histogram");
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 48;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext("2d");
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const n = time.counts.length;
  if (!n) return;
  const top = Math.max(1, ...time.counts);
  const from = Number($("f-from").value);
  const to = Number($("f-to").value);
  const bar = width / n;
  g.fillStyle = "#f0f6fc";
  g.fillRect(from * bar, 0, (to - from + 1) * bar, height);
  time.counts.forEach((c, i) => {
    g.fillStyle = i >= from && i <= to ? "#2271b1" : "#c3c4c7";
    const h = c ? Math.max(2, (c / top) * (height - 12)) : 0;
    g.fillRect(i * bar + 0.5, height - h, Math.max(1, bar - 1), h);
  });
  g.fillStyle = "#50575e";
  g.font = "10px system-ui, sans-serif";
  g.fillText(`${top} events/month`, 2, 10);
}

// ◀ ▶ move the window a month, keeping its width; play moves it until the end
export function wireTime(onChange) {
  let timer = null;
  const step = (delta) => {
    const last = time.months.length - 1;
    let from = Number($("f-from").value);
    let to = Number($("f-to").value);
    if (from === 0 && to === last) to = Math.min(last, from + 5); // start from a 6-month window
    if (to + delta > last || from + delta < 0) return false;
    $("f-from").value = from + delta;
    $("f-to").value = to + delta;
    readSliders();
    onChange();
    return true;
  };
  const stop = () => { clearInterval(timer); timer = null; $("t-play").textContent = "▶ play"; };
  $("t-back").addEventListener("click", () => { stop(); step(-1); });
  $("t-next").addEventListener("click", () => { stop(); step(1); });
  $("t-play").addEventListener("click", () => {
    if (timer) { stop(); return; }
    $("t-play").textContent = "❚❚ pause";
    if (!step(1)) { $("f-from").value = 0; step(0); }
    timer = setInterval(() => { if (!step(1)) stop(); }, 1200);
  });
  $("t-all").addEventListener("click", () => {
    stop();
    $("f-from").value = 0;
    $("f-to").value = time.months.length - 1;
    readSliders();
    onChange();
  });
  window.addEventListener("resize", drawHistogram);
}

export const timeSummary = () => el("span", {}, `${view.from || "start"} – ${view.to || "end"}`);
