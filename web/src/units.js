// Figures' units, normalised: the words reports use for one kind of thing counted are
// one unit, so that "troops", "soldiers" and "personnel" are one series, not three.
export const UNIT_GROUPS = {
  "troops (personnel)": ["troops", "soldiers", "personnel", "servicemen", "service members",
    "fighters", "workers", "mercenaries", "officers"],
  "shells and rounds": ["shells", "rounds", "munitions", "artillery shells", "projectiles",
    "cartridges", "bullets"],
  drones: ["drones", "uavs", "unmanned aerial vehicles", "shaheds"],
  missiles: ["missiles", "rockets", "ballistic missiles"],
  containers: ["containers", "shipping containers"],
  barrels: ["barrels", "barrels of oil"],
  "aircraft": ["jets", "aircraft", "planes", "fighter jets", "helicopters"],
  "tonnes": ["tonnes", "tons", "metric tons"],
};

const WORD = new Map(Object.entries(UNIT_GROUPS).flatMap(([unit, words]) =>
  words.map((w) => [w, unit])));

export function normalUnit(unit) {
  const word = String(unit || "").toLowerCase().trim();
  return WORD.get(word) || WORD.get(word.replace(/s$/, "")) || word || "count";
}
