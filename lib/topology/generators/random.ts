// Erdős–Rényi G(nIn, nOut, m): exactly m = max(1, round(density·nIn·nOut)) edges chosen uniformly without replacement
// from the nIn·nOut possible ones (the max(1, …) keeps a tiny density from producing an empty layer).
// Floyd's algorithm draws exactly m random numbers over the edge index space e = j·nIn + i. Where the edges are a
// large part of that space, the chosen set is a bitmap and scanning it in index order yields sorted rows for free;
// where they are few, it is a hash set sorted at the end, so memory and time follow m, not nIn·nOut (a 784→2.7M layer
// at density 1e-9 must not allocate 2 GB for 2 edges). Both give the same graph: the draws and the membership
// answers are identical.
import type { Csr } from '../csr';
import { makeRng, randInt } from '../../base/random';

export function randomNnz(nIn: number, nOut: number, density: number): number {
  return Math.max(1, Math.round(density * nIn * nOut));
}

/** The bitmap costs one byte per possible edge; below this share of edges a hash set is smaller. */
const BITMAP_MIN_FILL = 1 / 32;

export function generateRandom(nIn: number, nOut: number, density: number, seed: number, forceSet = false): Csr {
  const total = nIn * nOut;
  const m = randomNnz(nIn, nOut, density);
  const rng = makeRng(seed, 'topology/random');
  const edges = forceSet || m < total * BITMAP_MIN_FILL ? floydSet(rng, total, m) : floydBitmap(rng, total, m);
  const rowPtr = new Int32Array(nOut + 1);
  const colIdx = new Int32Array(m);
  let e = 0;
  for (let j = 0; j < nOut; j++) {
    const end = (j + 1) * nIn;
    while (e < m && edges[e] < end) { colIdx[e] = edges[e] - j * nIn; e++; }
    rowPtr[j + 1] = e;
  }
  return { nIn, nOut, rowPtr, colIdx };
}

/** The m chosen edge indices, ascending, through a bitmap over [0, total). */
function floydBitmap(rng: () => number, total: number, m: number): Float64Array {
  const chosen = new Uint8Array(total);
  for (let t = total - m; t < total; t++) {
    const r = randInt(rng, t + 1);
    chosen[chosen[r] ? t : r] = 1;
  }
  const edges = new Float64Array(m);
  for (let e = 0, i = 0; i < total; i++) if (chosen[i]) edges[e++] = i;
  return edges;
}

/** The same m edge indices through a hash set. */
function floydSet(rng: () => number, total: number, m: number): Float64Array {
  const chosen = new Set<number>();
  for (let t = total - m; t < total; t++) {
    const r = randInt(rng, t + 1);
    chosen.add(chosen.has(r) ? t : r);
  }
  return Float64Array.from(chosen).sort();
}
