// What `axiswatch watch` raised, newest first; asked again every 30 s.
import { $, el } from "./dom.js";
import { api } from "./api.js";

export async function loadAlerts(onFact) {
  const alerts = await api("/api/alerts", { limit: 50 });
  $("alerts").replaceChildren(...(alerts.items.length ? alerts.items.map((a) => el("li", {
    class: a.fact ? "clickable" : "", data: { fact: a.fact || "", rule: a.rule },
    onclick: () => a.fact && onFact(a.fact) },
  el("time", {}, a.created.replace("T", " ").slice(0, 16)), ` [${a.rule}] ${a.message}`))
    : [el("li", { class: "hint" }, "No alerts yet: `axiswatch watch CONFIG.yaml` raises them.")]));
}
