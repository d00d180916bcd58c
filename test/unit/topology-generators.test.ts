import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate, expectedNnz, topologyKinds, generators } from '../../lib/topology/registry';
import { validateCsr, nnz, Csr } from '../../lib/topology/csr';
import { circulantBase, circulantOffsets } from '../../lib/topology/generators/circulant';
import { fanIns, fanOuts, degreeStats } from '../../lib/topology/metrics';
import type { TopologyKind } from '../../lib/topology/spec';

const SHAPES: [number, number, number][] = [
  [784, 300, 0.1], [300, 100, 0.01], [100, 10, 0.5], [10, 30, 0.37], [7, 13, 1], [1, 5, 0.5], [5, 1, 0.2], [64, 64, 0.001],
];
const k = (d: number, nIn: number) => Math.max(1, Math.round(d * nIn));
const gen = (kind: TopologyKind, nIn: number, nOut: number, density: number, seed = 1, options?: Record<string, string>) =>
  generate({ kind, density, seed, options }, nIn, nOut);
const same = (a: Csr, b: Csr) => assert.deepEqual([a.rowPtr, a.colIdx], [b.rowPtr, b.colIdx]);

test('exact nnz per kind for every shape, valid CSR', () => {
  for (const [nIn, nOut, d] of SHAPES) {
    const want: Record<TopologyKind, number> = {
      dense: nIn * nOut,
      random: Math.max(1, Math.round(d * nIn * nOut)),
      regular: k(d, nIn) * nOut,
      circulant: k(d, nIn) * nOut,
      'pseudo-random': k(d, nIn) * nOut,
      local: k(d, nIn) * nOut,
      'small-world': k(d, nIn) * nOut,
    };
    for (const kind of topologyKinds) {
      const csr = gen(kind, nIn, nOut, d);
      validateCsr(csr);
      assert.equal(nnz(csr), want[kind], `${kind} ${nIn}x${nOut}@${d}`);
      assert.equal(expectedNnz({ kind, density: d }, nIn, nOut), want[kind]);
    }
  }
});

test('density 1 gives the complete graph for every kind', () => {
  for (const kind of topologyKinds) same(gen(kind, 9, 4, 1), gen('dense', 9, 4, 1));
});

test('same seed → identical arrays; different seed → different graph for seeded kinds only', () => {
  for (const kind of topologyKinds) {
    const a = gen(kind, 200, 50, 0.1, 7), b = gen(kind, 200, 50, 0.1, 7), c = gen(kind, 200, 50, 0.1, 8);
    same(a, b);
    if (generators[kind].seeded) assert.notDeepEqual(a.colIdx, c.colIdx, kind);
    else same(a, c);
  }
});

test('constant fan-in k for regular, circulant, pseudo-random', () => {
  for (const [nIn, nOut, d] of SHAPES) for (const kind of ['regular', 'circulant', 'pseudo-random'] as const) {
    const s = degreeStats(fanIns(gen(kind, nIn, nOut, d)));
    assert.deepEqual([s.min, s.max], [k(d, nIn), k(d, nIn)], `${kind} ${nIn}x${nOut}`);
  }
});

test('regular and pseudo-random fan-out is balanced within 1 (floor/ceil of k·nOut/nIn)', () => {
  for (const [nIn, nOut, d] of [...SHAPES, [50, 49, 0.9] as [number, number, number]]) for (const kind of ['regular', 'pseudo-random'] as const) {
    for (const seed of [1, 2, 3]) {
      const s = degreeStats(fanOuts(gen(kind, nIn, nOut, d, seed)));
      const mean = (k(d, nIn) * nOut) / nIn;
      assert.ok(s.min === Math.floor(mean) && s.max === Math.ceil(mean), `${kind} ${nIn}x${nOut}@${d}: ${s.min}-${s.max}`);
    }
  }
});

test('circulant: every row is the same offset set relative to floor(j·nIn/nOut)', () => {
  for (const offsets of ['band', 'spread']) for (const [nIn, nOut, d] of SHAPES) {
    const csr = gen('circulant', nIn, nOut, d, 1, { offsets });
    const want = Array.from(circulantOffsets(nIn, k(d, nIn), offsets as 'band' | 'spread'));
    assert.equal(new Set(want).size, want.length);
    for (let j = 0; j < nOut; j++) {
      const base = circulantBase(j, nIn, nOut);
      const rel = Array.from(csr.colIdx.subarray(csr.rowPtr[j], csr.rowPtr[j + 1]), c => (c - base + nIn) % nIn).sort((a, b) => a - b);
      assert.deepEqual(rel, want, `${offsets} row ${j}`);
    }
  }
  assert.deepEqual(Array.from(circulantOffsets(10, 4, 'band')), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(circulantOffsets(10, 4, 'spread')), [0, 3, 5, 8]); // round(0, 2.5, 5, 7.5), halves up
  same(gen('circulant', 30, 20, 0.2), gen('circulant', 30, 20, 0.2, 1, { offsets: 'band' })); // default = band (trains better)
});

test('bad input fails with one-line errors', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => gen('random', 10, 10, 0), /density must be in \(0, 1\]/],
    [() => gen('random', 10, 10, 1.01), /density must be in \(0, 1\]/],
    [() => gen('random', 10, 10, NaN), /density/],
    [() => gen('regular', 0, 10, 0.5), /nIn must be an integer in 1..2\^31-1 \(got 0\)/],
    [() => gen('regular', 10, 2.5, 0.5), /nOut must be an integer in 1..2\^31-1 \(got 2.5\)/],
    [() => gen('nope' as TopologyKind, 10, 10, 0.5), /unknown kind 'nope' \(known: dense, random/],
    [() => gen('circulant', 10, 10, 0.5, 1, { offsets: 'diagonal' }), /offsets must be one of/],
    [() => gen('random', 10, 10, 0.5, 1, { offsets: 'band' }), /has no option 'offsets'/],
    [() => gen('random', 10, 10, 0.5, Infinity), /seed/],
    [() => gen('dense', 100000, 100000, 1), /100000x100000 would have 10,000,000,000 edges, more than the 2\^31-1 a CSR indexes/],
  ];
  for (const [fn, re] of cases) assert.throws(fn, (err: Error) => re.test(err.message) && !err.message.includes('\n'));
});

test('a layer of 10^10 possible edges builds when its edges fit: random and regular at fan-in 20', () => {
  for (const kind of ['random', 'regular'] as const) {
    const csr = gen(kind, 100000, 100000, 20 / 100000);
    assert.equal(csr.colIdx.length, 2_000_000);
    assert.ok(csr.colIdx.every(c => c >= 0 && c < 100000));
  }
});
