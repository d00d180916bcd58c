// Random bipartite expander with constant fan-in k = max(1, round(density·nIn)); nnz = k·nOut exactly.
// Deals inputs from a stream of independent seeded random permutations (deal.ts), so the fan-out is balanced:
// every input feeds floor(k·nOut/nIn) or ceil(k·nOut/nIn) outputs.
import type { Csr } from '../csr';
import { makeRng, permutation } from '../../base/random';
import { fanInFor } from '../validate';
import { dealFromDecks } from './deal';

export function regularNnz(nIn: number, nOut: number, density: number): number {
  return fanInFor(density, nIn) * nOut;
}

export function generateRegular(nIn: number, nOut: number, density: number, seed: number): Csr {
  const rng = makeRng(seed, 'topology/regular');
  return dealFromDecks(nIn, nOut, fanInFor(density, nIn), () => permutation(rng, nIn));
}
