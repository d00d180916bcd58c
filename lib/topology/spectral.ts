// Spectral expansion measures of a layer graph, computed iteratively through CSR mat-vecs (never a dense matrix).
//  spectralGap           = 1 − σ₂/σ₁ of the nOut×nIn 0/1 bi-adjacency B (1 for complete bipartite, 0 when σ₁ repeats,
//                          e.g. two disconnected identical blocks). σ² are eigenvalues of the Gram matrix on the
//                          smaller side (BᵀB or BBᵀ); σ₂ comes from a second Lanczos run deflated against the first
//                          eigenvector, which — unlike reading it off one Krylov space — respects a repeated σ₁.
//  algebraicConnectivity = λ₂ of the Laplacian L = D − A of the whole bipartite graph (nIn + nOut nodes): the
//                          smallest eigenvalue of L on the complement of the constant vector (0 iff disconnected).
import type { Csr } from './csr';
import { lanczos, LanczosOptions, MatVec } from './lanczos';

export interface SpectralOptions {
  /** Seed of the Lanczos starting vectors (default 0). */
  seed?: number;
  maxIter?: number;
  tol?: number;
}

/** y = B x (x: nIn, y: nOut). */
export function biadjacencyTimes(csr: Csr, x: Float64Array, y: Float64Array): void {
  const { nOut, rowPtr, colIdx } = csr;
  for (let j = 0; j < nOut; j++) {
    let s = 0;
    for (let e = rowPtr[j]; e < rowPtr[j + 1]; e++) s += x[colIdx[e]];
    y[j] = s;
  }
}

/** x = Bᵀ y (y: nOut, x: nIn). */
export function biadjacencyTransposeTimes(csr: Csr, y: Float64Array, x: Float64Array): void {
  const { nOut, rowPtr, colIdx } = csr;
  x.fill(0);
  for (let j = 0; j < nOut; j++) {
    const yj = y[j];
    for (let e = rowPtr[j]; e < rowPtr[j + 1]; e++) x[colIdx[e]] += yj;
  }
}

/** The Gram operator on the smaller side: BᵀB (nIn×nIn) when nIn ≤ nOut, else BBᵀ (nOut×nOut). */
function gramOperator(csr: Csr): { n: number; apply: MatVec } {
  if (csr.nIn <= csr.nOut) {
    const tmp = new Float64Array(csr.nOut);
    return { n: csr.nIn, apply: (x, out) => { biadjacencyTimes(csr, x, tmp); biadjacencyTransposeTimes(csr, tmp, out); } };
  }
  const tmp = new Float64Array(csr.nIn);
  return { n: csr.nOut, apply: (x, out) => { biadjacencyTransposeTimes(csr, x, tmp); biadjacencyTimes(csr, tmp, out); } };
}

const lanczosOptions = (opts: SpectralOptions, which: LanczosOptions['which'], deflate: Float64Array[]): LanczosOptions =>
  ({ which, deflate, seed: opts.seed ?? 0, maxIter: opts.maxIter, tol: opts.tol });

/** The two largest singular values σ₁ ≥ σ₂ of B (σ₂ = 0 when the smaller side has one node or B has rank 1). */
export function topSingularValues(csr: Csr, opts: SpectralOptions = {}): [number, number] {
  const { n, apply } = gramOperator(csr);
  const first = lanczos(n, apply, lanczosOptions(opts, 'largest', []));
  const sigma1 = Math.sqrt(Math.max(0, first.value));
  if (n === 1) return [sigma1, 0];
  const norm = Math.hypot(...first.vector);
  const v1 = Float64Array.from(first.vector, x => x / norm);
  const second = lanczos(n, apply, lanczosOptions(opts, 'largest', [v1]));
  return [sigma1, Math.sqrt(Math.max(0, second.value))];
}

/** 1 − σ₂/σ₁ ∈ [0, 1]; 0 for an edgeless graph. */
export function spectralGap(csr: Csr, opts: SpectralOptions = {}): number {
  const [s1, s2] = topSingularValues(csr, opts);
  return s1 > 0 ? Math.min(1, Math.max(0, 1 - s2 / s1)) : 0;
}

/** y = L x for the bipartite graph's Laplacian; node i < nIn is input i, node nIn + j is output j. */
function laplacianOperator(csr: Csr): { n: number; apply: MatVec } {
  const { nIn, nOut, rowPtr, colIdx } = csr;
  const degree = new Float64Array(nIn + nOut);
  for (let j = 0; j < nOut; j++) {
    degree[nIn + j] = rowPtr[j + 1] - rowPtr[j];
    for (let e = rowPtr[j]; e < rowPtr[j + 1]; e++) degree[colIdx[e]]++;
  }
  const apply: MatVec = (x, y) => {
    for (let v = 0; v < y.length; v++) y[v] = degree[v] * x[v];
    for (let j = 0; j < nOut; j++) {
      const xj = x[nIn + j];
      let s = 0;
      for (let e = rowPtr[j]; e < rowPtr[j + 1]; e++) { const i = colIdx[e]; s += x[i]; y[i] -= xj; }
      y[nIn + j] -= s;
    }
  };
  return { n: nIn + nOut, apply };
}

/** Second-smallest Laplacian eigenvalue (Fiedler value) of the bipartite graph; 0 when it is disconnected. */
export function algebraicConnectivity(csr: Csr, opts: SpectralOptions = {}): number {
  const { n, apply } = laplacianOperator(csr);
  const constant = new Float64Array(n).fill(1 / Math.sqrt(n));
  const result = lanczos(n, apply, lanczosOptions(opts, 'smallest', [constant]));
  return Math.max(0, result.value);
}
