// Every random draw in the project goes through seedrandom with an explicit seed, so equal seeds give equal results.
import seedrandom from 'seedrandom';

export type Rng = () => number;

/** A seeded uniform [0,1) generator. `stream` separates independent uses of one seed (e.g. 'init', 'shuffle'). */
export function makeRng(seed: number | string, stream = ''): Rng {
  return seedrandom(`${seed}${stream ? `/${stream}` : ''}`);
}

/** Uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(rng: Rng, a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a;
}

/** A random permutation of 0..n-1. */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(rng, p);
}

/** Standard normal draw (Box–Muller). */
export function randNormal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
