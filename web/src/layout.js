// Where the graph's nodes go: a force-directed layout (fcose) of the whole store, seeded
// so it is the same on every load, then nodes pushed apart until none overlaps (labels
// included). Filtered views reuse these positions, so the picture stays put.

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runLayout(cy, fixed = new Map()) {
  const random = Math.random;
  Math.random = seeded(20240101);
  try {
    const many = cy.nodes().length > 8;
    cy.layout(many ? {
      name: "fcose", quality: "proof", randomize: true, animate: false, fit: false,
      nodeDimensionsIncludeLabels: true, nodeRepulsion: 30000, idealEdgeLength: 150,
      edgeElasticity: 0.2, nodeSeparation: 120, gravity: 0.15, numIter: 4000,
      packComponents: true, tilingPaddingVertical: 40, tilingPaddingHorizontal: 40,
      fixedNodeConstraint: [...fixed.entries()].filter(([id]) => cy.getElementById(id).length)
        .map(([nodeId, position]) => ({ nodeId, position })),
    } : { name: "circle", animate: false, fit: false, avoidOverlap: true, radius: 180 }).run();
  } finally {
    Math.random = random;
  }
  separate(cy, new Set(fixed.keys()));
}

// push overlapping nodes (with their labels) apart, along the axis they overlap least on
export function separate(cy, pinned = new Set(), gap = 8) {
  const nodes = cy.nodes().map((n) => {
    const box = n.boundingBox({ includeLabels: true, includeOverlays: false });
    const p = n.position();
    return { n, x: p.x, y: p.y, w: box.w + gap, h: box.h + gap, dx: (box.x1 + box.x2) / 2 - p.x,
      dy: (box.y1 + box.y2) / 2 - p.y, pinned: pinned.has(n.id()) };
  });
  for (let pass = 0; pass < 300; pass += 1) {
    let moved = false;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i];
        const b = nodes[j];
        const ox = (a.w + b.w) / 2 - Math.abs(a.x + a.dx - b.x - b.dx);
        const oy = (a.h + b.h) / 2 - Math.abs(a.y + a.dy - b.y - b.dy);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        const share = a.pinned ? [0, 1] : b.pinned ? [1, 0] : [0.5, 0.5];
        if (ox < oy) {
          const sign = a.x + a.dx <= b.x + b.dx ? -1 : 1;
          a.x += sign * ox * share[0] + sign * 0.5; b.x -= sign * ox * share[1] + sign * 0.5;
        } else {
          const sign = a.y + a.dy <= b.y + b.dy ? -1 : 1;
          a.y += sign * oy * share[0] + sign * 0.5; b.y -= sign * oy * share[1] + sign * 0.5;
        }
      }
    }
    if (!moved) break;
  }
  cy.batch(() => { for (const a of nodes) a.n.position({ x: a.x, y: a.y }); });
}
