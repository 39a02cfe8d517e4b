// The graph's edges from /api/graph's: the parallel flows of one pair merged into one
// edge (supplies, hostile acts and ties apart), symmetric ties undirected, flows with
// only denials (no source asserts them) apart from the rest.
import { DENIED_COLOR, HOSTILE, SYMMETRIC, colorOf, flowLabel } from "./colors.js";

export const classOf = (type) => (SYMMETRIC.has(type) ? "tie" : HOSTILE.has(type) ? "hostile"
  : "supply");

export function mergeFlows(edges) {
  const merged = new Map();
  for (const e of edges) {
    const denied = !e.sources;
    const kind = denied ? "denied" : classOf(e.type);
    const [a, b] = kind === "tie" ? [e.source, e.target].sort() : [e.source, e.target];
    const key = `${a}>${b}:${kind}`;
    if (!merged.has(key)) merged.set(key, { id: key, source: a, target: b, kind, flows: [] });
    merged.get(key).flows.push({ id: e.id, fact: e.fact, type: e.type, category: e.category,
      source: e.source, target: e.target, sources: e.sources, facts: e.facts,
      confidence: e.confidence, contested: e.contested, period_start: e.period_start,
      period_end: e.period_end });
  }
  return [...merged.values()].map((m) => {
    m.flows.sort((x, y) => y.sources - x.sources || y.confidence - x.confidence
      || flowLabel(x).localeCompare(flowLabel(y)));
    const top = m.flows[0];
    m.sources = m.flows.reduce((n, f) => n + f.sources, 0);
    m.color = m.kind === "denied" ? DENIED_COLOR : colorOf(top.type, top.category);
    m.contested = m.flows.some((f) => f.contested);
    const names = m.flows.map((f) => f.category || f.type);
    m.label = names.length > 2 ? `${names.slice(0, 2).join(", ")} +${names.length - 2}`
      : names.join(", ");
    return m;
  });
}

// how active each actor is: the independent sources of the flows it takes part in
export function activity(merged) {
  const score = new Map();
  for (const m of merged) {
    for (const id of [m.source, m.target]) score.set(id, (score.get(id) || 0) + m.sources + m.flows.length);
  }
  return score;
}
