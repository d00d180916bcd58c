import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from '../../lib/topology/registry';
import { Csr, csrFromRows } from '../../lib/topology/csr';
import { csrToDenseMask } from '../fixtures/csr-dense';
import { spectralGap, algebraicConnectivity, topSingularValues } from '../../lib/topology/spectral';
import { jacobiEigenvalues } from '../fixtures/dense-eigen';
import { tridiagonalEigen } from '../../lib/topology/tridiagonal';
import type { TopologyKind } from '../../lib/topology/spec';

/** Reference by dense Jacobi: [σ₁, σ₂] from the Gram matrix and λ₂ of the full Laplacian. */
function denseReference(csr: Csr): { s1: number; s2: number; lambda2: number } {
  const { nIn: n, nOut: m } = csr;
  const B = csrToDenseMask(csr);
  const G = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let j = 0; j < m; j++) G[a * n + b] += B[j * n + a] * B[j * n + b];
  const ev = jacobiEigenvalues(G, n);
  const N = n + m;
  const L = new Float64Array(N * N);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) if (B[j * n + i]) {
    L[i * N + n + j] = L[(n + j) * N + i] = -1;
    L[i * N + i]++; L[(n + j) * N + n + j]++;
  }
  const s = (x: number | undefined) => Math.sqrt(Math.max(0, x ?? 0));
  return { s1: s(ev[n - 1]), s2: s(ev[n - 2]), lambda2: jacobiEigenvalues(L, N)[1] };
}

const close = (got: number, want: number, what: string) =>
  assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

test('Jacobi reference agrees with the tridiagonal QL solver on a known matrix', () => {
  // Path-graph Laplacian-like tridiagonal: eigenvalues 2 − 2cos(kπ/(n+1)).
  const n = 7;
  const { values } = tridiagonalEigen(new Array(n).fill(2), new Array(n - 1).fill(-1));
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) { dense[i * n + i] = 2; if (i + 1 < n) dense[i * n + i + 1] = dense[(i + 1) * n + i] = -1; }
  const jac = jacobiEigenvalues(dense, n);
  for (let q = 1; q <= n; q++) {
    const exact = 2 - 2 * Math.cos((q * Math.PI) / (n + 1));
    close(values[q - 1], exact, 'QL'); close(jac[q - 1], exact, 'Jacobi');
  }
});

test('spectral gap and algebraic connectivity equal the dense decomposition on small graphs', () => {
  const cases: [TopologyKind, number, number, number][] = [
    ['random', 12, 9, 0.3], ['random', 9, 14, 0.5], ['regular', 20, 15, 0.2], ['regular', 8, 30, 0.4],
    ['pseudo-random', 23, 11, 0.25], ['circulant', 16, 16, 0.2], ['random', 30, 25, 0.15],
  ];
  for (const [kind, nIn, nOut, d] of cases) for (const seed of [1, 2]) {
    const csr = generate({ kind, density: d, seed }, nIn, nOut);
    const ref = denseReference(csr);
    const [s1, s2] = topSingularValues(csr, { seed });
    const what = `${kind} ${nIn}x${nOut}@${d} seed ${seed}`;
    close(s1, ref.s1, `${what} σ1`);
    close(s2, ref.s2, `${what} σ2`);
    close(spectralGap(csr, { seed }), 1 - ref.s2 / ref.s1, `${what} gap`);
    close(algebraicConnectivity(csr, { seed }), Math.max(0, ref.lambda2), `${what} λ2`);
  }
});

test('known values: complete bipartite, disconnected identical blocks', () => {
  const complete = generate({ kind: 'dense', density: 1, seed: 0 }, 6, 4);
  close(spectralGap(complete), 1, 'K(6,4) gap');
  close(algebraicConnectivity(complete), 4, 'K(6,4) λ2'); // λ(K_{m,n}) = {0, n (m−1 times), m (n−1 times), m+n}
  // Two identical 3×4 blocks on the diagonal: σ₁ repeats, the graph has two components.
  const block = [[0, 1, 2], [1, 2, 3], [0, 2, 3], [0, 1, 3]];
  const twoBlocks = csrFromRows(8, [...block, ...block.map(r => r.map(c => c + 4))]);
  close(spectralGap(twoBlocks), 0, 'block gap');
  close(algebraicConnectivity(twoBlocks), 0, 'block λ2');
  // A single output: rank-one B, so σ₂ = 0; a star is connected with λ₂ = 1.
  const star = csrFromRows(5, [[0, 1, 2, 3, 4]]);
  close(spectralGap(star), 1, 'star gap');
  close(algebraicConnectivity(star), 1, 'star λ2');
});

test('metrics are deterministic for a given seed', () => {
  const csr = generate({ kind: 'random', density: 0.1, seed: 3 }, 200, 80);
  assert.equal(spectralGap(csr, { seed: 5 }), spectralGap(csr, { seed: 5 }));
  assert.equal(algebraicConnectivity(csr, { seed: 5 }), algebraicConnectivity(csr, { seed: 5 }));
});

test('pseudo-random is an expander: gap close to regular, far above circulant band', () => {
  for (const [nIn, nOut, d] of [[784, 300, 0.05], [300, 100, 0.1], [100, 300, 0.1]] as const) {
    const gap = (kind: TopologyKind, options?: Record<string, string>) => spectralGap(generate({ kind, density: d, seed: 1, options }, nIn, nOut));
    const pseudo = gap('pseudo-random'), regular = gap('regular'), band = gap('circulant', { offsets: 'band' });
    assert.ok(Math.abs(pseudo - regular) < 0.05 * regular, `${nIn}x${nOut}: pseudo ${pseudo} vs regular ${regular}`);
    assert.ok(pseudo > 10 * band, `${nIn}x${nOut}: pseudo ${pseudo} vs band ${band}`);
  }
});
