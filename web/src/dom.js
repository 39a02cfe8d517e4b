// Building page content. Article text only ever enters the page as text nodes
// (textContent / createTextNode), never as HTML, so hostile articles render inertly.

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  return fill(node, props, children);
}

const SVG = "http://www.w3.org/2000/svg";
export function svg(tag, props = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), props, children);
}

function fill(node, props, children) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "data") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// text with [start, end) highlighted, as nodes
export function marked(text, start, end) {
  return [text.slice(0, start), el("mark", {}, text.slice(start, end)), text.slice(end)];
}

// every case-insensitive occurrence of the terms in text highlighted, as nodes
export function highlighted(text, terms) {
  const words = terms.map((t) => t.trim()).filter((t) => t.length > 1)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!words.length) return [text];
  const pattern = new RegExp(`(${words.join("|")})`, "gi");
  return text.split(pattern).map((part, i) => (i % 2 ? el("mark", {}, part) : part));
}

// "<<word>>" markers from the search API become <mark> elements
export function snippet(text) {
  const parts = String(text || "").split(/<<|>>/);
  return parts.map((part, i) => (i % 2 ? el("mark", {}, part) : part));
}

// A link to the article's web page: only http(s) addresses (never javascript: or data:),
// opened without a referrer or a handle on this page.
export function safeLink(url) {
  if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return null;
  return el("a", { class: "source-link", href: url, target: "_blank",
                   rel: "noopener noreferrer nofollow" }, " · original ↗");
}

// A panel's empty state: what is empty, and why.
export function empty(what, why) {
  return el("p", { class: "empty" }, el("strong", {}, what), " ", why);
}
