// "Briefing" (the report of what the page shows) and "Export" (it as a file).
import { $, el } from "./dom.js";
import { fetchBlob, queryString, tokenHeaders } from "./api.js";
import { selectionFilters } from "./state.js";

const selectionQuery = (extra = {}) => queryString({ ...selectionFilters(), ...extra });

// "Briefing": the report of what the page shows as HTML from /api/report, in a new tab.
function addBriefingLink() {
  const link = el("a", { id: "briefing", href: "/api/report?format=html", target: "_blank",
    rel: "noopener", title: "A briefing of the current selection, every statement footnoted" },
  "Briefing");
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

export function wireToolbar() {
  addExportMenu(addBriefingLink());
}
