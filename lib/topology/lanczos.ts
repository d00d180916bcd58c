// Extreme eigenpair of a symmetric operator given only as a mat-vec: Lanczos with full reorthogonalisation (twice,
// against every basis vector and the deflation vectors); the projection's eigenpairs come from tridiagonal.ts.
// A seeded random start has a component along every eigenvector (almost surely), so a breakdown (an invariant Krylov
// space) means the extreme eigenvalue has been found exactly. Lanczos sees each distinct eigenvalue once: to get a
// repeated one twice, deflate against the first eigenvector and run again (spectral.ts does).
import { makeRng } from '../base/random';
import { tridiagonalEigen } from './tridiagonal';

export type MatVec = (x: Float64Array, out: Float64Array) => void;

export interface LanczosOptions {
  /** Largest or smallest (algebraic) eigenvalue. */
  which: 'largest' | 'smallest';
  /** Orthonormal vectors whose span is excluded (e.g. the constant vector, a known eigenvector). */
  deflate?: Float64Array[];
  /** Seed of the starting vector (and of restart vectors): same seed → same result. */
  seed?: number;
  /** Krylov dimension cap (default 300). */
  maxIter?: number;
  /** Stop when the Ritz residual ‖Ax − θx‖ ≤ tol·max|θ| (default 1e-10). */
  tol?: number;
}

export interface LanczosResult {
  value: number;
  vector: Float64Array;
  /** Residual norm bound ‖Ax − θx‖ of the returned pair. */
  residual: number;
  iterations: number;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

const axpy = (alpha: number, x: Float64Array, y: Float64Array): void => {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
};

/** Remove the components of w along every vector in `bases` (classical Gram–Schmidt, applied twice). */
function orthogonalise(w: Float64Array, bases: Float64Array[][]): void {
  for (let pass = 0; pass < 2; pass++) for (const basis of bases) for (const q of basis) axpy(-dot(q, w), q, w);
}

export function lanczos(n: number, apply: MatVec, opts: LanczosOptions): LanczosResult {
  const deflate = opts.deflate ?? [];
  const dim = n - deflate.length;
  if (dim < 1) throw new Error('lanczos: deflation leaves no space');
  const maxIter = Math.min(dim, opts.maxIter ?? 300);
  const tol = opts.tol ?? 1e-10;
  // A stream per deflation depth: a deflated run must not restart from the previous run's vector, whose remainder
  // after deflation lies in that run's (possibly invariant) Krylov space.
  const rng = makeRng(opts.seed ?? 0, `lanczos/${deflate.length}`);
  const Q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  const w = new Float64Array(n);

  const startVector = (): Float64Array => {
    const v = Float64Array.from({ length: n }, () => 2 * rng() - 1);
    orthogonalise(v, [deflate]);
    const norm = Math.sqrt(dot(v, v));
    return v.map(x => x / norm);
  };

  const pick = (values: Float64Array): number => (opts.which === 'largest' ? values.length - 1 : 0);
  let q = startVector();
  let lastBeta = 0;
  for (;;) {
    Q.push(q);
    apply(q, w);
    const a = dot(q, w);
    alpha.push(a);
    orthogonalise(w, [deflate, Q]);
    lastBeta = Math.sqrt(dot(w, w));
    const m = Q.length;
    const scale = Math.max(...alpha.map(Math.abs), ...beta.map(Math.abs), lastBeta) || 1;
    const breakdown = lastBeta <= 1e-12 * scale;
    if (breakdown) lastBeta = 0;
    if (breakdown || m === maxIter) break;
    if (m % 10 === 0) {
      const { values, vectors } = tridiagonalEigen(alpha, beta, [m - 1]);
      const spread = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1])) || 1;
      if (Math.abs(lastBeta * vectors[0][pick(values)]) <= tol * spread) break;
    }
    beta.push(lastBeta);
    q = Float64Array.from(w, x => x / lastBeta);
  }
  const { values, vectors } = tridiagonalEigen(alpha, beta);
  const c = pick(values);
  const vector = new Float64Array(n);
  for (let i = 0; i < Q.length; i++) axpy(vectors[i][c], Q[i], vector);
  const m = Q.length;
  return { value: values[c], vector, residual: Math.abs(lastBeta * vectors[m - 1][c]), iterations: m };
}
