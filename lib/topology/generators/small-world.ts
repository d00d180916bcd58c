// Small world on a bipartite layer (Watts–Strogatz): start from the local graph (the 2-D neighbourhoods, or the band
// without an input geometry) and move each edge, with probability p, to an input drawn uniformly among those the unit
// does not read yet. Every unit keeps its fan-in k. p = 0 is the local graph exactly; p = 1 a random graph of constant
// fan-in (an expander); in between, one parameter moves from locality to expansion at a fixed density.
import type { Csr } from '../csr';
import { makeRng, randInt } from '../../base/random';
import { generateLocal, localNnz } from './local';

export const smallWorldNnz = localNnz;

export function generateSmallWorld(nIn: number, nOut: number, density: number, seed: number, p: number, shape?: readonly [number, number]): Csr {
  const base = generateLocal(nIn, nOut, density, shape);
  if (p === 0) return base;
  const rng = makeRng(seed, 'topology/small-world');
  const colIdx = base.colIdx.slice();
  const inRow = new Int32Array(nIn).fill(-1);
  for (let j = 0; j < nOut; j++) {
    const start = base.rowPtr[j], end = base.rowPtr[j + 1];
    for (let e = start; e < end; e++) inRow[colIdx[e]] = j;
    for (let e = start; e < end; e++) {
      if (rng() >= p) continue;
      // A full row (k = nIn) has nowhere to move to.
      if (end - start >= nIn) break;
      let target: number;
      do target = randInt(rng, nIn); while (inRow[target] === j);
      inRow[colIdx[e]] = -1;
      inRow[target] = j;
      colIdx[e] = target;
    }
    colIdx.subarray(start, end).sort();
  }
  return { nIn, nOut, rowPtr: base.rowPtr, colIdx };
}
