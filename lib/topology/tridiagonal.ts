// Eigen-decomposition of a small symmetric tridiagonal matrix (the Lanczos projection): implicit QL with Wilkinson-
// style shifts, after EISPACK tql2 / JAMA. Only the requested rows of the eigenvector matrix are accumulated, so the
// Lanczos convergence check (which needs just the last row) costs O(m²) instead of O(m³).

export interface TridiagonalEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** vectors[r][c] = component `rows[r]` of the eigenvector of values[c]. */
  vectors: Float64Array[];
}

/**
 * alpha: diagonal (length m); beta: off-diagonal, beta[i] = T[i][i+1] (length ≥ m−1);
 * rows: which eigenvector components to return (default: all m).
 * A numeric port kept in one piece, as tql2 is written: split up, its shared loop state would be harder to check.
 */
export function tridiagonalEigen(alpha: ArrayLike<number>, beta: ArrayLike<number>, rows?: number[]): TridiagonalEigen {
  const n = alpha.length;
  const wanted = rows ?? Array.from({ length: n }, (_, i) => i);
  const d = Float64Array.from(alpha);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = beta[i];
  const V = wanted.map(r => { const v = new Float64Array(n); v[r] = 1; return v; });
  const eps = 2 ** -52;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 200) throw new Error('tridiagonalEigen: QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = c, c3 = c;
        const el1 = e[l + 1];
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (const v of V) {
            const t = v[i + 1];
            v[i + 1] = s * v[i] + c * t;
            v[i] = c * v[i] - s * t;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  return {
    values: Float64Array.from(order, i => d[i]),
    vectors: V.map(v => Float64Array.from(order, i => v[i])),
  };
}
