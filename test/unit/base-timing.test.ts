// The one timing harness: blocks, calls per block, warm-up, and the call index every call gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeCalls } from '../../lib/base/timing';

test('fixed calls per block: warm-up untimed, indices count every call, one time per block', () => {
  const seen: number[] = [];
  const t = timeCalls(i => { seen.push(i); }, { blocks: 3, callsPerBlock: 4, warmup: 2 });
  assert.deepEqual(seen, Array.from({ length: 14 }, (_, i) => i));
  assert.equal(t.perCallMs.length, 3);
  assert.ok(t.minMs <= t.medianMs && t.perCallMs.includes(t.minMs));
});

test('timed blocks: each lasts at least minBlockMs and makes at least minCalls calls', () => {
  let calls = 0;
  const t0 = performance.now();
  const t = timeCalls(() => { calls++; }, { blocks: 2, minBlockMs: 3, minCalls: 3 });
  assert.ok(performance.now() - t0 >= 6, 'two blocks of at least 3 ms');
  assert.ok(calls >= 6);
  assert.equal(t.perCallMs.length, 2);
  let few = 0;
  timeCalls(() => { few++; }, { blocks: 4, minCalls: 3 });
  assert.equal(few, 12, 'without a duration, minCalls per block exactly');
});
