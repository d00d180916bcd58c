import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failedRecord, finishedKeys, loadResults, openResultStore } from '../../lib/experiments/result-store';
import { syntheticConfig, syntheticRecord } from '../fixtures/synthetic-record';
import { scratchDir } from '../fixtures/scratch';

const tempFile = () => path.join(scratchDir('store-'), 'sub', 'results.jsonl');
const ok = (seed: number) => syntheticRecord(syntheticConfig({ seed }));

test('append then load round-trips records as one line each; a missing file is an empty store', () => {
  const file = tempFile();
  assert.deepEqual(loadResults(file), { results: [], warnings: [], duplicateKeys: 0, lines: 0 });
  const store = openResultStore(file);
  const a = store.append('a', ok(1));
  store.append('b', failedRecord(syntheticConfig({ seed: 2 }), 'NaN loss', 1.5, a.finishedAt));
  assert.equal(fs.readFileSync(file, 'utf8').split('\n').length, 3, 'two lines plus the final newline');
  const loaded = loadResults(file);
  assert.deepEqual(loaded.warnings, []);
  assert.deepEqual(loaded.results.map(r => [r.key, r.record.status]), [['a', 'ok'], ['b', 'failed']]);
  assert.deepEqual(loaded.results[0], a);
  assert.equal(loaded.results[1].record.error, 'NaN loss');
  assert.deepEqual([...finishedKeys(loaded)], ['a'], 'failed runs are not finished: a rerun retries them');
});

test('a truncated last line is reported with its line number and ignored; the next append stays intact', () => {
  const file = tempFile();
  const store = openResultStore(file);
  store.append('a', ok(1));
  store.append('b', ok(2));
  const full = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, full.slice(0, full.length - 40)); // power cut in the middle of writing 'b'
  const loaded = loadResults(file);
  assert.deepEqual(loaded.results.map(r => r.key), ['a']);
  assert.deepEqual(loaded.warnings, ['results.jsonl:2: truncated last line (interrupted write?) ignored']);
  openResultStore(file).append('c', ok(3)); // a new sweep appends after the cut
  const after = loadResults(file);
  assert.deepEqual(after.results.map(r => r.key), ['a', 'c']);
  assert.deepEqual(after.warnings, ['results.jsonl:2: unreadable line ignored']);
});

test('a corrupt line in the middle is reported and skipped, the lines after it still load', () => {
  const file = tempFile();
  const store = openResultStore(file);
  store.append('a', ok(1));
  fs.appendFileSync(file, 'garbage{\n{"key":"x"}\n');
  store.append('b', ok(2));
  const loaded = loadResults(file);
  assert.deepEqual(loaded.results.map(r => r.key), ['a', 'b']);
  assert.deepEqual(loaded.warnings, ['results.jsonl:2: unreadable line ignored', 'results.jsonl:3: record must be an object (got undefined); line ignored']);
  assert.equal(loaded.lines, 4);
});

test('a key stored twice keeps its latest line (a retried failure becomes ok) at its first position', () => {
  const file = tempFile();
  const store = openResultStore(file);
  store.append('a', failedRecord(syntheticConfig(), 'boom', 0, ''));
  store.append('b', ok(2));
  store.append('a', ok(1));
  const loaded = loadResults(file);
  assert.deepEqual(loaded.results.map(r => [r.key, r.record.status]), [['a', 'ok'], ['b', 'ok']]);
  assert.deepEqual([...finishedKeys(loaded)].sort(), ['a', 'b']);
});
