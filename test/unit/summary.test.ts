import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failedRecord, type StoredResult } from '../../lib/experiments/result-store';
import { groupRuns, summarize, summaryCsv, writeSummaryCsv } from '../../lib/experiments/summary';
import { recordsFrame, summaryFrame } from '../../lib/experiments/frames';
import type { TrainConfig } from '../../lib/train/config';
import { syntheticConfig, syntheticRecord } from '../fixtures/synthetic-record';
import { scratchDir } from '../fixtures/scratch';

const stored = (key: string, config: TrainConfig, acc: number, bestEpoch: number, connections: number): StoredResult =>
  ({ key, finishedAt: '', record: syntheticRecord(config, { testAccuracy: acc, bestEpoch, connections, wallSeconds: 2 }) });
const random = (seed: number) => syntheticConfig({ topology: 'random', seed });

const results: StoredResult[] = [
  stored('r1', random(1), 0.90, 2, 100),
  stored('g1', syntheticConfig({ topology: 'regular' }), 0.80, 5, 90),
  stored('r2', random(2), 0.92, 4, 110),
  { key: 'r4', finishedAt: '', record: failedRecord(random(4), 'NaN loss', 1, '') },
  stored('r3', random(3), 0.97, 6, 120),
  stored('d1', syntheticConfig({ arch: [1000], topology: 'dense', density: 1 }), 0.98, 3, 794000),
  // Same graph class and density as r1-r3 but rewired by SET: its own group, never averaged with the fixed runs.
  stored('s1', syntheticConfig({ topology: 'random', seed: 1, sparsity: { method: 'set' } }), 0.99, 7, 100),
];

test('summarize: mean, sample std and n per configuration over ok runs, hand-computed', async () => {
  const rows = await summarize(results);
  assert.deepEqual(rows.map(r => `${r.arch} ${r.topology} ${r.sparsity}`),
    ['784-1000-10 dense fixed', '784-300-100-10 random fixed', '784-300-100-10 random set', '784-300-100-10 regular fixed']);
  const [dense, rnd, set, reg] = rows;
  assert.deepEqual([set.n, set.testAccuracyMean], [1, 0.99]);
  // random: accuracies .90 .92 .97 → mean .93, deviations −.03 −.01 .04 → std √(.0026 / 2); the failed seed 4 is left out
  assert.equal(rnd.n, 3);
  assert.ok(Math.abs(rnd.testAccuracyMean - 0.93) < 1e-12);
  assert.ok(Math.abs(rnd.testAccuracyStd! - Math.sqrt(0.0026 / 2)) < 1e-12, String(rnd.testAccuracyStd));
  assert.equal(rnd.bestEpochMean, 4);
  assert.equal(rnd.connectionsMean, 110);
  assert.deepEqual({ ...rnd, testAccuracyMean: 0, testAccuracyStd: 0 }, {
    dataset: 'mnist', arch: '784-300-100-10', channelTable: '', topology: 'random', allocation: 'uniform', mode: 'sparse', sparsity: 'fixed',
    density: 0.1, n: 3, testAccuracyMean: 0, testAccuracyStd: 0, bestEpochMean: 4, connectionsMean: 110, wallSecondsMean: 2,
  });
  // one run: std is undefined, reported as null
  assert.deepEqual([reg.n, reg.testAccuracyMean, reg.testAccuracyStd, reg.bestEpochMean], [1, 0.8, null, 5]);
  assert.deepEqual([dense.density, dense.n, dense.connectionsMean], [1, 1, 794000]);
});

test('summarize: nothing ok gives no rows', async () => {
  assert.deepEqual(await summarize([results[3]]), []);
  assert.deepEqual(await summarize([]), []);
});

test('summary.csv has a header, one line per row and an empty cell for a null std', async () => {
  const rows = await summarize(results);
  const dir = scratchDir('summary-');
  const file = writeSummaryCsv(path.join(dir, 'results.jsonl'), rows);
  assert.equal(file, path.join(dir, 'summary.csv'));
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'dataset,arch,topology,allocation,mode,sparsity,density,n,testAccuracyMean,testAccuracyStd,bestEpochMean,connectionsMean,wallSecondsMean');
  assert.equal(lines.length, 5);
  assert.equal(lines[4], 'mnist,784-300-100-10,regular,uniform,sparse,fixed,0.1,1,0.8,,5,90,2');
  assert.equal(summaryCsv([]), lines[0] + '\n');
});

test('recordsFrame: one flat row per run, failed ones included', async () => {
  const df = await recordsFrame(results);
  assert.equal(df.shape[0], results.length);
  for (const column of ['key', 'status', 'arch', 'density', 'sparsity', 'seed', 'testAccuracy', 'bestEpoch', 'connections', 'params', 'wallSeconds']) {
    assert.ok(df.columns.includes(column), column);
  }
  assert.deepEqual(df.column('status').values, ['ok', 'ok', 'ok', 'failed', 'ok', 'ok', 'ok']);
  assert.deepEqual(df.column('sparsity').values, ['fixed', 'fixed', 'fixed', 'fixed', 'fixed', 'fixed', 'set']);
});

test('summaryFrame: the summary rows as a DataFrame, same values', async () => {
  const rows = summarize(results);
  const df = await summaryFrame(rows);
  assert.equal(df.shape[0], rows.length);
  assert.deepEqual(df.column('testAccuracyMean').values, rows.map(r => r.testAccuracyMean));
});

test('groupRuns: the configuration keys chosen decide what is pooled; groups keep first-appearance order', () => {
  const ok = results.filter(r => r.record.status === 'ok');
  assert.deepEqual([...groupRuns(ok).values()].map(g => g.map(r => r.key)), [['r1', 'r2', 'r3'], ['g1'], ['d1'], ['s1']]);
  assert.deepEqual([...groupRuns(ok, ['arch']).entries()].map(([k, g]) => [k, g.length]), [['784-300-100-10', 5], ['784-1000-10', 1]]);
});
