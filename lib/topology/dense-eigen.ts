// Reference eigenvalues of a small dense symmetric matrix by the cyclic Jacobi method: slow (O(n³) per sweep) but
// simple and accurate to rounding, so tests can check the iterative (Lanczos) metrics against it.

/** Eigenvalues (ascending) of the symmetric n×n row-major matrix `a` (not modified). */
export function jacobiEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      total += m[i * n + j] ** 2;
      if (i !== j) off += m[i * n + j] ** 2;
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      const apq = m[p * n + q];
      if (apq === 0) continue;
      // Rotation angle that zeroes m[p][q] (Golub & Van Loan, Algorithm 8.5.1).
      const tau = (m[q * n + q] - m[p * n + p]) / (2 * apq);
      const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
      const c = 1 / Math.sqrt(1 + t * t);
      const s = t * c;
      for (let k = 0; k < n; k++) { // columns p, q
        const mkp = m[k * n + p], mkq = m[k * n + q];
        m[k * n + p] = c * mkp - s * mkq;
        m[k * n + q] = s * mkp + c * mkq;
      }
      for (let k = 0; k < n; k++) { // rows p, q
        const mpk = m[p * n + k], mqk = m[q * n + k];
        m[p * n + k] = c * mpk - s * mqk;
        m[q * n + k] = s * mpk + c * mqk;
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => m[i * n + i]).sort();
}
