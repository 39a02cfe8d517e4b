// The server's API: JSON requests with the token the user gave, if any.

export function tokenHeaders() {
  const token = sessionStorage.getItem("axiswatch-token");
  return token ? { Authorization: `Bearer ${token}` } : null;
}

export function queryString(params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  }
  return query.toString();
}

export async function api(path, params = {}, options = {}) {
  const qs = queryString(params);
  const headers = { ...(options.headers || {}), ...(tokenHeaders() || {}) };
  const response = await fetch(path + (qs ? "?" + qs : ""), { ...options, headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

// every page of a paged endpoint (at most `cap` rows)
export async function allPages(path, params = {}, cap = 10_000) {
  const items = [];
  for (let offset = 0; offset < cap; offset += 1000) {
    const page = await api(path, { ...params, limit: 1000, offset });
    items.push(...page.items);
    if (page.items.length < 1000) break;
  }
  return items;
}

export async function fetchBlob(url, headers) {
  const response = await fetch(url, { headers: headers || {} });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || body.detail || response.statusText);
  }
  return { blob: await response.blob(), response };
}

const documents = new Map();
export async function documentOf(doc) {
  if (!documents.has(doc)) documents.set(doc, api(`/api/documents/${encodeURIComponent(doc)}`));
  try {
    return await documents.get(doc);
  } catch (error) {
    documents.delete(doc);
    throw error;
  }
}
export const forgetDocuments = () => documents.clear();

// actor id -> {id, name, kind, as_source, as_target}
let actors = null;
export async function actorsById(reload = false) {
  if (!actors || reload) {
    const list = await api("/api/actors");
    actors = new Map(list.items.map((a) => [a.id, a]));
  }
  return actors;
}
export const nameOf = (id) => (actors && actors.get(id) ? actors.get(id).name : id) || "—";

// doc id -> {title, publisher, published}, for naming documents without loading them
let titles = null;
export async function documentIndex(reload = false) {
  if (!titles || reload) {
    titles = new Map((await allPages("/api/documents", {}, 20_000)).map((d) => [d.doc, d]));
  }
  return titles;
}
export const titleOf = (doc) => (titles && titles.get(doc) ? titles.get(doc).title : null);
