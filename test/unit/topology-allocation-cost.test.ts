import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateDensities, layerShapes } from '../../lib/topology/allocation';
import { costTable, indexTypeFor, allocatedCostTable } from '../../lib/topology/cost';
import { generate } from '../../lib/topology/registry';
import { nnz } from '../../lib/topology/csr';

const ARCH = [784, 300, 100, 10];
const sizes = layerShapes(ARCH).map(([a, b]) => a * b);
const connections = (ds: number[], from = 0) => ds.slice(from).reduce((s, d, l) => s + d * sizes[l + from], 0);

test('uniform puts every layer at the target', () => {
  assert.deepEqual(allocateDensities(ARCH, 0.2, 'uniform'), [0.2, 0.2, 0.2]);
  assert.deepEqual(allocateDensities(ARCH, 0.2, 'uniform', { denseOutput: true }), [0.2, 0.2, 1]);
});

test('erdos-renyi keeps the uniform budget, scales with (nIn+nOut)/(nIn·nOut), caps at 1', () => {
  for (const d of [0.01, 0.05, 0.1, 0.3, 0.5, 0.9]) {
    const ds = allocateDensities(ARCH, d, 'erdos-renyi');
    assert.ok(Math.abs(connections(ds) - d * (sizes[0] + sizes[1] + sizes[2])) < 1e-6, `budget at ${d}`);
    assert.ok(ds.every(x => x > 0 && x <= 1), `range at ${d}: ${ds}`);
    const sparse = ds.map((x, l) => [x, l] as const).filter(([x]) => x < 1);
    for (const [x, l] of sparse) {
      const [a, b] = layerShapes(ARCH)[l];
      const [x0, l0] = sparse[0];
      const [a0, b0] = layerShapes(ARCH)[l0];
      assert.ok(Math.abs(x / ((a + b) / (a * b)) - x0 / ((a0 + b0) / (a0 * b0))) < 1e-12, 'one scale factor');
    }
  }
  // At 10% the 100×10 layer would need density > 1: it is dense and the rest share the remaining budget.
  const ds = allocateDensities(ARCH, 0.1, 'erdos-renyi');
  assert.equal(ds[2], 1);
  assert.ok(ds[0] < 0.1 && ds[1] > 0.1);
  assert.deepEqual(allocateDensities(ARCH, 1, 'erdos-renyi'), [1, 1, 1]);
});

test('denseOutput: last layer dense, budget covers the other layers only', () => {
  const ds = allocateDensities(ARCH, 0.05, 'erdos-renyi', { denseOutput: true });
  assert.equal(ds[2], 1);
  assert.ok(Math.abs(connections(ds.slice(0, 2)) - 0.05 * (sizes[0] + sizes[1])) < 1e-6);
  assert.throws(() => allocateDensities([784], 0.1, 'uniform'), /at least 2 layer sizes/);
  assert.throws(() => allocateDensities(ARCH, 0, 'uniform'), /density must be in/);
});

test('cost table: exact counts and bytes for a hand-computable case', () => {
  const rows = costTable([300, 100, 10], [0.1, 1], 'regular');
  // Layer 0: k = 30, nnz = 3000; uint16 indices (300 > 256). Layer 1: density 1 → dense, 1000 edges, uint8 indices.
  assert.deepEqual(rows.map(r => [r.kind, r.nnz, r.params, r.macs, r.denseBytes, r.csrBytes, r.seedBytes, r.indexType]), [
    ['regular', 3000, 3100, 3000, 4 * 30100, 4 * 3100 + 4 * 101 + 2 * 3000, 4 * 3100, 'uint16'],
    ['dense', 1000, 1010, 1000, 4 * 1010, 4 * 1010 + 4 * 11 + 1000, 4 * 1010, 'uint8'],
    ['mixed', 4000, 4110, 4000, 4 * 31110, 4 * 4110 + 4 * 112 + 7000, 4 * 4110, '-'],
  ]);
  assert.equal(rows[0].complexity, 'O(nnz) = O(d·nIn·nOut)');
  assert.deepEqual([indexTypeFor(256), indexTypeFor(257), indexTypeFor(65536), indexTypeFor(65537)], ['uint8', 'uint16', 'uint16', 'uint32']);
});

test('cost nnz matches the generated graphs', () => {
  for (const kind of ['random', 'circulant', 'pseudo-random'] as const) {
    const rows = allocatedCostTable(ARCH, 0.1, 'erdos-renyi', kind);
    const ds = allocateDensities(ARCH, 0.1, 'erdos-renyi');
    layerShapes(ARCH).forEach(([a, b], l) => assert.equal(rows[l].nnz, nnz(generate({ kind: rows[l].kind as typeof kind, density: ds[l], seed: l }, a, b))));
    if (kind === 'circulant') assert.match(rows[0].complexity, /^O\(k·nOut\), k=\d+ offsets stored once$/);
  }
});
