// Per-layer densities for a whole network from one target density (after google-research/rigl sparse_utils).
//  uniform      every sparse layer at the target density.
//  erdos-renyi  density_l = ε·(nIn+nOut)/(nIn·nOut), one ε for all layers chosen so the connection count equals the
//               uniform budget Σ density·nIn·nOut; a layer whose density would exceed 1 is made dense and ε is
//               solved again for the rest (largest raw density first, as rigl does).
// denseOutput: the last layer is fully connected and OUTSIDE the budget — the target density then applies to the
// remaining layers only (budget = density·Σ_{l<L} nIn·nOut), so the sparse layers get the same connections whether
// or not the small output layer is dense. With a single layer, denseOutput makes it dense.
import { checkDensity } from './validate';

export const ALLOCATIONS = ['uniform', 'erdos-renyi'] as const;
export type AllocationMethod = typeof ALLOCATIONS[number];

export interface AllocationOptions { denseOutput?: boolean }

/** Throws unless sizes has ≥ 2 integer entries ≥ 1 (e.g. [784, 300, 100, 10]). */
export function checkLayerSizes(sizes: number[]): void {
  if (sizes.length < 2) throw new Error(`allocation: need at least 2 layer sizes (got ${sizes.length})`);
  for (const s of sizes) if (!Number.isInteger(s) || s < 1) throw new Error(`allocation: layer sizes must be integers >= 1 (got ${s})`);
}

/** [nIn, nOut] of every layer of an architecture given as layer sizes. */
export function layerShapes(sizes: number[]): [number, number][] {
  return sizes.slice(1).map((nOut, l) => [sizes[l], nOut]);
}

function erdosRenyi(shapes: [number, number][], density: number): number[] {
  const total = shapes.map(([a, b]) => a * b);
  const raw = shapes.map(([a, b]) => (a + b) / (a * b));
  const budget = density * total.reduce((s, n) => s + n, 0);
  const dense = new Set<number>();
  for (;;) {
    const sparse = shapes.map((_, l) => l).filter(l => !dense.has(l));
    if (sparse.length === 0) return shapes.map(() => 1);
    const denseCount = [...dense].reduce((s, l) => s + total[l], 0);
    const eps = (budget - denseCount) / sparse.reduce((s, l) => s + raw[l] * total[l], 0);
    const worst = sparse.reduce((a, b) => (raw[b] > raw[a] ? b : a));
    if (eps * raw[worst] > 1) { dense.add(worst); continue; }
    return shapes.map((_, l) => (dense.has(l) ? 1 : eps * raw[l]));
  }
}

/** Densities per layer (length sizes.length − 1), each in (0, 1]. */
export function allocateDensities(sizes: number[], density: number, method: AllocationMethod, opts: AllocationOptions = {}): number[] {
  checkLayerSizes(sizes);
  checkDensity(density);
  if (!ALLOCATIONS.includes(method)) throw new Error(`allocation: unknown method '${method}' (known: ${ALLOCATIONS.join(', ')})`);
  const shapes = layerShapes(sizes);
  const sparseShapes = opts.denseOutput ? shapes.slice(0, -1) : shapes;
  const sparse = method === 'uniform' ? sparseShapes.map(() => density) : erdosRenyi(sparseShapes, density);
  return opts.denseOutput ? [...sparse, 1] : sparse;
}
