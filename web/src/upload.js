// Adding articles: dropped or chosen files go to POST /api/documents.
import { $, el } from "./dom.js";
import { api } from "./api.js";

export function wireUpload(afterUpload) {
  const upload = async (files) => {
    if (!files.length) return;
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    $("upload-results").replaceChildren(el("li", {}, `Uploading ${files.length} file(s)…`));
    try {
      const result = await api("/api/documents", {}, { method: "POST", body: form });
      $("upload-results").replaceChildren(...result.items.map((r) => el("li", {},
        r.error ? `${r.where || r.file}: ${r.error}`
          : `${r.file} → ${r.doc}: ${r.outcome}, ${r.events} event(s)`)));
      await afterUpload();
    } catch (error) {
      $("upload-results").replaceChildren(el("li", {}, error.message));
    }
  };
  const zone = $("dropzone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault(); zone.classList.remove("over"); upload([...e.dataTransfer.files]);
  });
  $("file-input").addEventListener("change", (e) => upload([...e.target.files]));
}
