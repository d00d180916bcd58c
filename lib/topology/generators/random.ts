// Erdős–Rényi G(nIn, nOut, m): exactly m = max(1, round(density·nIn·nOut)) edges chosen uniformly without replacement
// from the nIn·nOut possible ones (the max(1, …) keeps a tiny density from producing an empty layer).
// Floyd's algorithm draws exactly m random numbers into a bitmap over the edge index space e = j·nIn + i, so the
// cost is O(m) draws + one O(nIn·nOut) scan, and scanning in index order yields sorted rows for free.
import type { Csr } from '../csr';
import { makeRng, randInt } from '../../random';

export function randomNnz(nIn: number, nOut: number, density: number): number {
  return Math.max(1, Math.round(density * nIn * nOut));
}

export function generateRandom(nIn: number, nOut: number, density: number, seed: number): Csr {
  const total = nIn * nOut;
  const m = randomNnz(nIn, nOut, density);
  const rng = makeRng(seed, 'topology/random');
  const chosen = new Uint8Array(total);
  for (let t = total - m; t < total; t++) {
    const r = randInt(rng, t + 1);
    chosen[chosen[r] ? t : r] = 1;
  }
  const rowPtr = new Int32Array(nOut + 1);
  const colIdx = new Int32Array(m);
  let e = 0;
  for (let j = 0; j < nOut; j++) {
    const base = j * nIn;
    for (let i = 0; i < nIn; i++) if (chosen[base + i]) colIdx[e++] = i;
    rowPtr[j + 1] = e;
  }
  return { nIn, nOut, rowPtr, colIdx };
}
