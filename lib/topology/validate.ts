// Input checks shared by every generator, so each bad argument fails with the same one-line reason.

/**
 * Throws unless nIn and nOut are integers ≥ 1 whose product is an exact double: a position j·nIn + i is a float64 in
 * the generators, so a 100000×100000 layer (10^10 positions) is fine; its edges are what must fit Int32 indices.
 */
export function checkShape(nIn: number, nOut: number): void {
  for (const [name, v] of [['nIn', nIn], ['nOut', nOut]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff) throw new Error(`topology: ${name} must be an integer in 1..2^31-1 (got ${v})`);
  }
  if (nIn * nOut > Number.MAX_SAFE_INTEGER) throw new Error(`topology: ${nIn}x${nOut} has more than 2^53 possible edges`);
}

/** Throws unless a layer's edges fit the Int32 row pointers and column indices of a CSR. */
export function checkEdgeCount(nnz: number, nIn: number, nOut: number): void {
  if (nnz > 0x7fffffff) throw new Error(`topology: ${nIn}x${nOut} would have ${nnz.toLocaleString('en-US')} edges, more than the 2^31-1 a CSR indexes`);
}

/** Throws unless density is a finite number in (0, 1]. */
export function checkDensity(density: number): void {
  if (typeof density !== 'number' || !Number.isFinite(density) || density <= 0 || density > 1) {
    throw new Error(`topology: density must be in (0, 1] (got ${density})`);
  }
}

/** Throws unless seed is a finite number (seeds are mixed into seedrandom's string key). */
export function checkSeed(seed: number): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Error(`topology: seed must be a finite number (got ${seed})`);
}

/** Fan-in of the constant-fan-in kinds: k = max(1, round(density·nIn)), so k ∈ [1, nIn] for density ∈ (0, 1]. */
export function fanInFor(density: number, nIn: number): number {
  return Math.max(1, Math.round(density * nIn));
}
