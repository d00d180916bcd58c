import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFromRows } from '../../lib/topology/csr';
import { degreeMetrics } from '../../lib/topology/metrics';
import { reachableInputCounts } from '../../lib/topology/network';
import { generate } from '../../lib/topology/registry';

// Hand-built chain 6 → 3 → 2: hidden 0 sees {0,1}, hidden 1 sees {2}, hidden 2 sees nothing (dead output);
// inputs 3..5 feed nobody. Output 0 reads hidden {0,1} (so inputs 0..2), output 1 reads the dead hidden 2.
const first = csrFromRows(6, [[0, 1], [2], []]);
const second = csrFromRows(3, [[0, 1], [2]]);

test('reachability through a hand-built chain is exact', () => {
  assert.deepEqual(Array.from(reachableInputCounts([first, second])), [3, 0]);
  // Bits beyond one 32-bit word: a 70-input layer where output 0 reads inputs 33 and 69 only.
  assert.deepEqual(Array.from(reachableInputCounts([csrFromRows(70, [[33, 69], [0]])])), [2, 1]);
  assert.throws(() => reachableInputCounts([first, csrFromRows(4, [[0]])]), /layer 1 has nIn=4 but layer 0 has nOut=3/);
});

test('degree metrics of a hand-built layer', () => {
  const m = degreeMetrics(first);
  assert.deepEqual(m, {
    nIn: 6, nOut: 3, nnz: 3, density: 3 / 18,
    fanIn: { min: 0, mean: 1, max: 2 }, fanOut: { min: 0, mean: 0.5, max: 1 },
    deadInputs: 3, deadOutputs: 1,
  });
});

test('a dense network reaches every input from every output', () => {
  const layers = [generate({ kind: 'dense', density: 1, seed: 0 }, 40, 20), generate({ kind: 'dense', density: 1, seed: 0 }, 20, 5)];
  assert.deepEqual(Array.from(reachableInputCounts(layers)), [40, 40, 40, 40, 40]);
});
