// One colour per item category (flows of goods) and per event type (the others),
// and how each type is drawn: symmetric types have no direction, hostile ones a bar.

export const ITEM_COLORS = {
  ammunition: "#d62728", missile: "#9c27b0", drone: "#1f77b4", weapon: "#8c564b",
  technology: "#2ca02c", food: "#bcbd22", fuel: "#17becf", money: "#e6a100",
  materials: "#5c6bc0", personnel: "#ff7f0e",
};
export const TYPE_COLORS = {
  transfer: "#444e57", use: "#a0522d", production: "#607d8b", meeting: "#00897b",
  agreement: "#6a1b9a", denounce: "#e91e63", sanction: "#212121",
};
export const DENIED_COLOR = "#b0b4b8";
export const TYPES = ["transfer", "use", "production", "meeting", "agreement", "denounce",
  "sanction"];
export const SYMMETRIC = new Set(["meeting", "agreement"]);
export const HOSTILE = new Set(["denounce", "sanction"]);

export const colorOf = (type, category) =>
  (category && ITEM_COLORS[category]) || TYPE_COLORS[type] || "#787c82";

export const flowLabel = (flow) => (flow.category ? `${flow.type} ${flow.category}` : flow.type);
