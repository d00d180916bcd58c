// Choosing a layer's next edge set: pure functions from (graph, weights, gradients or rng) to a new CSR. Nothing here
// touches tfjs; the controllers hand the result to SparseDense.setTopology. A position is p = j·nIn + i (output j,
// input i), so ascending positions are exactly CSR edge order. Every ranking breaks ties by the lower index, so a
// choice is a deterministic function of its inputs.
import type { Csr } from '../topology/csr';
import { randInt, type Rng } from '../base/random';
import type { EdgeList } from './network';

/** Position j·nIn + i of every edge, in edge order (ascending). */
export function edgePositions(csr: Csr): Int32Array {
  const out = new Int32Array(csr.rowPtr[csr.nOut]);
  for (let j = 0; j < csr.nOut; j++) {
    for (let k = csr.rowPtr[j]; k < csr.rowPtr[j + 1]; k++) out[k] = j * csr.nIn + csr.colIdx[k];
  }
  return out;
}

/** The CSR whose edges are the given positions (ascending, distinct). */
export function csrFromPositions(nIn: number, nOut: number, positions: Int32Array): Csr {
  const rowPtr = new Int32Array(nOut + 1);
  const colIdx = new Int32Array(positions.length);
  positions.forEach((p, k) => { rowPtr[Math.floor(p / nIn) + 1]++; colIdx[k] = p % nIn; });
  for (let j = 0; j < nOut; j++) rowPtr[j + 1] += rowPtr[j];
  return { nIn, nOut, rowPtr, colIdx };
}

/**
 * The k candidates with the largest scores (score[i] belongs to candidates[i]); ties go to the lower candidate.
 * Returned in ascending candidate order.
 */
export function topK(candidates: Int32Array, score: Float64Array, k: number): Int32Array {
  if (k <= 0) return new Int32Array(0);
  if (k >= candidates.length) return candidates.slice().sort();
  // The k-th largest score by a native numeric sort (a comparator sort of 2·10⁵ indices took ~10x longer), then
  // everything above it plus the lowest-index ties at it.
  const threshold = Float64Array.from(score).sort()[score.length - k];
  if (Number.isNaN(threshold)) throw new Error('topK: a score is NaN');
  const out = new Int32Array(k);
  const ties: number[] = [];
  let n = 0;
  for (let i = 0; i < score.length; i++) {
    if (score[i] > threshold) out[n++] = candidates[i];
    else if (score[i] === threshold) ties.push(candidates[i]);
  }
  ties.sort((a, b) => a - b);
  for (let i = 0; n < k; i++) out[n++] = ties[i];
  return out.sort();
}

/** Indices (ascending) of the `keep` edges of largest |value|, ties to the lower edge. */
function largestEdgeIndices(csr: Csr, values: ArrayLike<number>, keep: number): Int32Array {
  const nnz = csr.rowPtr[csr.nOut];
  if (values.length !== nnz) throw new Error(`select: ${values.length} values for ${nnz} edges`);
  const edges = new Int32Array(nnz), magnitude = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) { edges[k] = k; magnitude[k] = Math.abs(values[k]); }
  return topK(edges, magnitude, keep);
}

/** The sub-graph of the given edges (indices ascending). Works by edge index, so layers of any size qualify. */
export function keepEdges(csr: Csr, edges: Int32Array): Csr {
  const rowPtr = new Int32Array(csr.nOut + 1), colIdx = new Int32Array(edges.length);
  let j = 0;
  edges.forEach((e, t) => {
    while (csr.rowPtr[j + 1] <= e) j++;
    rowPtr[j + 1]++;
    colIdx[t] = csr.colIdx[e];
  });
  for (let r = 0; r < csr.nOut; r++) rowPtr[r + 1] += rowPtr[r];
  return { nIn: csr.nIn, nOut: csr.nOut, rowPtr, colIdx };
}

/** Magnitude pruning: the graph of the `keep` largest-magnitude edges (never more than the graph has). */
export function keepLargest(csr: Csr, values: ArrayLike<number>, keep: number): Csr {
  return keepEdges(csr, largestEdgeIndices(csr, values, keep));
}

/** The graph `kept` plus the edges `grown` (none of them in `kept`), rows merged in column order. */
export function mergeEdges(kept: Csr, grown: EdgeList): Csr {
  const { nIn, nOut } = kept;
  const total = kept.rowPtr[nOut] + grown.rows.length;
  const rowPtr = new Int32Array(nOut + 1), colIdx = new Int32Array(total);
  let g = 0, out = 0;
  for (let j = 0; j < nOut; j++) {
    let k = kept.rowPtr[j];
    const end = kept.rowPtr[j + 1];
    while (k < end || (g < grown.rows.length && grown.rows[g] === j)) {
      const fromGrown = g < grown.rows.length && grown.rows[g] === j && (k >= end || grown.cols[g] < kept.colIdx[k]);
      colIdx[out++] = fromGrown ? grown.cols[g++] : kept.colIdx[k++];
    }
    if (g < grown.rows.length && grown.rows[g] < j) throw new Error('mergeEdges: grown edges are not in ascending order');
    rowPtr[j + 1] = out;
  }
  if (g !== grown.rows.length) throw new Error('mergeEdges: grown edges outside the layer');
  return { nIn, nOut, rowPtr, colIdx };
}

/** Ascending union of two disjoint ascending position lists. */
function mergePositions(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out.sort();
}

/** k distinct random entries of `pool` (a partial Fisher–Yates shuffle of a copy). */
function sample(pool: Int32Array, k: number, rng: Rng): Int32Array {
  const a = pool.slice();
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + randInt(rng, a.length - i);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a.subarray(0, n);
}

/** Membership of `positions` over all nIn·nOut positions. */
function occupancy(csr: Csr, positions: Int32Array): Uint8Array {
  const used = new Uint8Array(csr.nIn * csr.nOut);
  for (const p of positions) used[p] = 1;
  return used;
}

/** Positions where `used` is 0, ascending. */
function freePositions(used: Uint8Array): Int32Array {
  let n = 0;
  for (let p = 0; p < used.length; p++) if (used[p] === 0) n++;
  const out = new Int32Array(n);
  for (let p = 0, k = 0; p < used.length; p++) if (used[p] === 0) out[k++] = p;
  return out;
}

/** How many edges an update that replaces `fraction` of them drops (and grows). */
export function dropCount(nnz: number, fraction: number): number {
  return Math.round(fraction * nnz);
}

/**
 * SET (Mocanu et al. 2018): drop the `drop` smallest-magnitude edges and grow as many at uniformly random positions
 * that were empty before the update (just-dropped positions are used only if the layer has too few empty ones).
 * nnz is unchanged.
 */
export function setRewire(csr: Csr, values: ArrayLike<number>, drop: number, rng: Rng): Csr {
  const nnz = csr.rowPtr[csr.nOut];
  const kept = edgePositions(keepLargest(csr, values, nnz - drop));
  const empty = freePositions(occupancy(csr, edgePositions(csr)));
  let grown = sample(empty, drop, rng);
  if (grown.length < drop) {
    const dropped = freePositions(occupancy(csr, mergePositions(kept, empty)));
    grown = mergePositions(grown, sample(dropped, drop - grown.length, rng));
  }
  return csrFromPositions(csr.nIn, csr.nOut, mergePositions(kept, grown));
}

/**
 * RigL's grow step from a dense gradient: the `k` positions outside `kept` with the largest |dL/dW| (ties to the lower
 * position j·nIn + i), ascending. `gradient` is in Dense kernel layout [nIn, nOut] (entry i·nOut + j).
 */
export function growByGradient(kept: Csr, gradient: ArrayLike<number>, k: number): EdgeList {
  const { nIn, nOut } = kept;
  if (gradient.length !== nIn * nOut) throw new Error(`growByGradient: gradient has ${gradient.length} entries, expected ${nIn * nOut}`);
  const candidates = freePositions(occupancy(kept, edgePositions(kept)));
  const score = new Float64Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    const p = candidates[c];
    score[c] = Math.abs(gradient[(p % nIn) * nOut + Math.floor(p / nIn)]);
  }
  const grown = topK(candidates, score, k);
  return { rows: Int32Array.from(grown, p => Math.floor(p / nIn)), cols: Int32Array.from(grown, p => p % nIn) };
}

/** The edges a RigL update keeps: all but the `drop` of smallest magnitude (a just-dropped edge may be grown back). */
export const riglKept = (csr: Csr, values: ArrayLike<number>, drop: number): Csr => keepLargest(csr, values, csr.rowPtr[csr.nOut] - drop);

/**
 * RigL (Evci et al. 2020) with a dense gradient at hand: drop the `drop` smallest-magnitude edges and grow as many where
 * |gradient| is largest among all positions not kept (a just-dropped edge can win back its place, and then keeps its
 * weight, as RigL does by default). nnz is unchanged.
 */
export function riglRewire(csr: Csr, values: ArrayLike<number>, drop: number, gradient: ArrayLike<number>): Csr {
  const kept = riglKept(csr, values, drop);
  return mergeEdges(kept, growByGradient(kept, gradient, drop));
}
