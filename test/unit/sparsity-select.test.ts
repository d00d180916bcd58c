// lib/sparsity's pure parts: schedule maths with exact values, and edge choice with exact counts and positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineDropFraction, epochStep, isPeriodicStep, isPruneStep, keepCount, nextPeriodicStep, nextPruneStep, polynomialSparsity } from '../../lib/sparsity/schedule';
import { csrFromPositions, dropCount, edgePositions, keepLargest, riglRewire, setRewire, topK } from '../../lib/sparsity/select';
import { csrFromRows, validateCsr, type Csr } from '../../lib/topology/csr';
import { generate } from '../../lib/topology/registry';
import { makeRng } from '../../lib/base/random';

const steps = (n: number, fires: (t: number) => boolean) => Array.from({ length: n + 1 }, (_, t) => t).filter(fires);

test('polynomial schedule: s_i at begin, the cubic midpoint, s_f at and after end', () => {
  const s = { initial: 0, final: 0.75, begin: 100, end: 300 };
  assert.equal(polynomialSparsity(0, s), 0);
  assert.equal(polynomialSparsity(100, s), 0);
  // p = 1/2: s_f + (s_i − s_f)(1/2)³ = 0.75 − 0.75/8
  assert.equal(polynomialSparsity(200, s), 0.65625);
  assert.equal(polynomialSparsity(300, s), 0.75);
  assert.equal(polynomialSparsity(1000, s), 0.75);
  // From a start density: s_i = 0.5, p = 1/4 → 0.75 + (0.5 − 0.75)·(3/4)³
  assert.equal(polynomialSparsity(150, { ...s, initial: 0.5 }), 0.75 - 0.25 * 27 / 64);
  assert.equal(polynomialSparsity(200, { ...s, exponent: 1 }), 0.375);
});

test('prune turns: every Δt from begin, plus the end step itself', () => {
  assert.deepEqual(steps(600, t => isPruneStep(t, 100, 450, 100)), [100, 200, 300, 400, 450]);
  assert.deepEqual(steps(600, t => isPruneStep(t, 100, 500, 100)), [100, 200, 300, 400, 500]);
  assert.deepEqual(steps(20, t => isPeriodicStep(t, 0, 10, 3)), [0, 3, 6, 9]);
  // nextStep agrees with the predicates: walking it from 0 visits exactly the steps they fire at (after step 0).
  const walk = (next: (t: number) => number) => { const out: number[] = []; for (let t = next(0); t !== Infinity; t = next(t)) out.push(t); return out; };
  assert.deepEqual(walk(t => nextPruneStep(t, 100, 450, 100)), [100, 200, 300, 400, 450]);
  assert.deepEqual(walk(t => nextPeriodicStep(t, 0, 10, 3)), [3, 6, 9]);
  assert.deepEqual(walk(t => nextPeriodicStep(t, 5, 20, 5)), [5, 10, 15, 20]);
  assert.equal(nextPeriodicStep(7, 5, 20, 5), 10);
  assert.equal(nextPruneStep(450, 100, 450, 100), Infinity);
  assert.equal(epochStep(1.5, 430), 645);
  assert.equal(epochStep(0.3, 430), 129);
});

test('RigL cosine drop fraction: α at 0, α/2 half way, 0 from T_end', () => {
  assert.equal(cosineDropFraction(0, 0.3, 1000), 0.3);
  assert.ok(Math.abs(cosineDropFraction(500, 0.3, 1000) - 0.15) < 1e-16);
  assert.ok(Math.abs(cosineDropFraction(250, 0.4, 1000) - 0.2 * (1 + Math.SQRT1_2)) < 1e-16);
  assert.equal(cosineDropFraction(1000, 0.3, 1000), 0);
  assert.equal(cosineDropFraction(1200, 0.3, 1000), 0);
});

test('keep and drop counts', () => {
  assert.equal(keepCount(1000, 0, 50), 1000);
  assert.equal(keepCount(1000, 0.5, 50), 500);
  assert.equal(keepCount(1000, 0.99, 50), 50);
  assert.equal(dropCount(11760, 0.3), 3528);
  assert.equal(dropCount(10, 0.04), 0);
});

test('topK: largest scores, ties to the lower index, ascending output', () => {
  const c = Int32Array.from([7, 3, 9, 1, 5]);
  const score = Float64Array.from([2, 5, 5, 1, 2]);
  assert.deepEqual(Array.from(topK(c, score, 2)), [3, 9]);
  assert.deepEqual(Array.from(topK(c, score, 3)), [3, 5, 9]); // 5 beats 7 at score 2
  assert.deepEqual(Array.from(topK(c, score, 0)), []);
  assert.deepEqual(Array.from(topK(c, score, 9)), [1, 3, 5, 7, 9]);
});

// 3 outputs × 4 inputs. Row 0: inputs 0,1,3; row 1: 2; row 2: 0,2,3.
const small: Csr = csrFromRows(4, [[0, 1, 3], [2], [0, 2, 3]]);
const smallValues = Float32Array.from([0.5, -2, 0.1, 3, -0.5, 0.1, 1]);

test('positions round-trip to CSR', () => {
  const pos = edgePositions(small);
  assert.deepEqual(Array.from(pos), [0, 1, 3, 6, 8, 10, 11]);
  assert.deepEqual(csrFromPositions(4, 3, pos), small);
});

test('magnitude pruning keeps exactly the largest |w|, ties broken by edge order', () => {
  // |w| = .5 2 .1 3 .5 .1 1 → keep 4: 3, 2, 1, and the first .5 (edge 0) over edge 4.
  const pruned = keepLargest(small, smallValues, 4);
  validateCsr(pruned);
  assert.deepEqual(pruned, csrFromRows(4, [[0, 1], [2], [3]]));
  assert.equal(keepLargest(small, smallValues, 5).colIdx.length, 5);
  const big = generate({ kind: 'random', density: 0.3, seed: 3 }, 50, 40);
  const values = Float32Array.from({ length: big.colIdx.length }, (_, k) => Math.round(Math.sin(k) * 4) / 4); // many ties
  for (const keep of [1, 17, 300, big.colIdx.length]) {
    const p = keepLargest(big, values, keep);
    validateCsr(p);
    assert.equal(p.colIdx.length, keep);
  }
});

test('SET: nnz constant, the smallest dropped, regrowth only at previously empty positions, seeded', () => {
  const csr = generate({ kind: 'random', density: 0.2, seed: 8 }, 30, 20);
  const nnz = csr.colIdx.length;
  const values = Float32Array.from({ length: nnz }, (_, k) => Math.cos(3 * k));
  const drop = dropCount(nnz, 0.3);
  const next = setRewire(csr, values, drop, makeRng(1, 'set-test'));
  validateCsr(next);
  assert.equal(next.colIdx.length, nnz);
  const before = new Set(edgePositions(csr)), after = new Set(edgePositions(next));
  const kept = new Set(edgePositions(keepLargest(csr, values, nnz - drop)));
  const grown = [...after].filter(p => !before.has(p));
  assert.equal(grown.length, drop);
  assert.ok([...kept].every(p => after.has(p)), 'every kept edge survives');
  assert.equal([...after].filter(p => before.has(p)).length, nnz - drop, 'no dropped edge comes back');
  assert.deepEqual(setRewire(csr, values, drop, makeRng(1, 'set-test')), next);
  assert.notDeepEqual(setRewire(csr, values, drop, makeRng(2, 'set-test')), next);
  // A nearly full layer: too few empty positions, so just-dropped ones are reused; nnz still exact.
  const full = generate({ kind: 'dense', density: 1, seed: 0 }, 4, 3);
  const almost = keepLargest(full, Float32Array.from({ length: 12 }, (_, k) => k + 1), 11);
  const refilled = setRewire(almost, Float32Array.from({ length: 11 }, (_, k) => k + 1), 3, makeRng(1));
  validateCsr(refilled);
  assert.equal(refilled.colIdx.length, 11);
});

test('RigL grows where the dense gradient is largest (hand-built), just-dropped edges included', () => {
  // Drop 2 of `small`: the smallest |w| are edges 2 (pos 3) and 5 (pos 10), both 0.1 → kept: 0, 1, 6, 8, 11.
  // Gradient in kernel layout [nIn=4, nOut=3] (entry i·3 + j for output j, input i).
  const gradient = new Float32Array(12);
  const at = (j: number, i: number, g: number) => { gradient[i * 3 + j] = g; };
  at(1, 0, -9);   // pos 4: empty, largest |g|
  at(0, 3, 5);    // pos 3: just dropped, second largest → regrown
  at(2, 1, 4);    // pos 9: empty, third (not grown)
  at(0, 0, 100);  // pos 0: kept already; must not count
  const next = riglRewire(small, smallValues, 2, gradient);
  validateCsr(next);
  assert.deepEqual(Array.from(edgePositions(next)), [0, 1, 3, 4, 6, 8, 11]);
  assert.equal(next.colIdx.length, small.colIdx.length);
  // With all gradients zero the grown edges are the lowest free positions (deterministic ties).
  assert.deepEqual(Array.from(edgePositions(riglRewire(small, smallValues, 2, new Float32Array(12)))), [0, 1, 2, 3, 6, 8, 11]);
});
