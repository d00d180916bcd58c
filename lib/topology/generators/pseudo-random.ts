// Deterministic, seed-free expander-like layer with constant fan-in k = max(1, round(density·nIn)); nnz = k·nOut,
// fan-out balanced within 1 — the `regular` construction with its random permutations replaced by algebraic ones.
//
// Construction: p = smallest prime ≥ nIn; deck r is the Möbius-type bijection of Z_p
//     f_r(x) = (r+1)·(x + r)⁻¹ + r²   (mod p),  with 0⁻¹ := 0,
// restricted to 0..nIn-1 by cycle walking (apply f_r again while the value is ≥ nIn; this is a permutation of
// 0..nIn-1 because f_r permutes Z_p), and the decks are dealt k per output as in deal.ts.
// Why it expands: dealing one deck only relabels inputs; the mixing comes from the products f_t∘f_r⁻¹, which are
// Möbius maps x ↦ (ax+b)/(cx+d) that generate PSL(2, p) acting on the projective line. The Schreier graph of
// x ↦ x ± 1, x ↦ x⁻¹ on Z_p is the classic explicit expander family (Lubotzky, "Discrete Groups, Expanding Graphs
// and Invariant Measures", 1994; Hoory–Linial–Wigderson, "Expander graphs and their applications", Bull. AMS 2006,
// §11, resting on Selberg's 3/16 theorem). The shifts r, r+1, r² make every deck different without randomness.
// test/unit/topology-spectral.test.ts checks the spectral gap is close to `regular`'s at equal density and far above
// circulant 'band'. When k·nOut ≤ nIn only one deck is dealt and, like `regular`, the graph is a union of stars.
import type { Csr } from '../csr';
import { fanInFor } from '../validate';
import { dealFromDecks } from './deal';

export function pseudoRandomNnz(nIn: number, nOut: number, density: number): number {
  return fanInFor(density, nIn) * nOut;
}

/** Smallest prime ≥ max(n, 2) (trial division: n is a layer size, so √n is tiny). */
export function nextPrime(n: number): number {
  for (let p = Math.max(2, n); ; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) { prime = false; break; }
    if (prime) return p;
  }
}

/** inv[x] = x⁻¹ mod p for x ≥ 1, inv[0] = 0 (the linear-time recurrence inv[x] = −⌊p/x⌋·inv[p mod x]). */
export function inverseTable(p: number): Int32Array {
  const inv = new Int32Array(p);
  if (p > 1) inv[1] = 1;
  for (let x = 2; x < p; x++) inv[x] = (p - ((Math.floor(p / x) * inv[p % x]) % p)) % p;
  return inv;
}

/** Deck r: f_r restricted to 0..nIn-1 by cycle walking (see header). */
export function mobiusDeck(nIn: number, p: number, inv: Int32Array, r: number): Int32Array {
  const a = (r % (p - 1 || 1)) + 1; // nonzero mod p, so f_r is a bijection
  const b = r % p;
  const c = (((r % p) * (r % p)) % p);
  const f = (x: number): number => (a * inv[(x + b) % p] + c) % p;
  const deck = new Int32Array(nIn);
  for (let x = 0; x < nIn; x++) {
    let y = f(x);
    while (y >= nIn) y = f(y);
    deck[x] = y;
  }
  return deck;
}

export function generatePseudoRandom(nIn: number, nOut: number, density: number): Csr {
  const p = nextPrime(nIn);
  const inv = inverseTable(p);
  return dealFromDecks(nIn, nOut, fanInFor(density, nIn), r => mobiusDeck(nIn, p, inv, r));
}
