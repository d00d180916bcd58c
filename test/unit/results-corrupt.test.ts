// Issue #13, items 6 and 7: bad lines in results.jsonl — garbage, or a parseable record with bad types — are reported
// with their line numbers and skipped by every reader (store, `npm run results`, the notebooks' coverage note);
// a run stored as ok twice is reported as a duplicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadResults, resultsFileFor } from '../../lib/experiments/result-store';
import { storedResultProblem } from '../../lib/experiments/record-check';
import { coverageNote, loadPaperResults } from '../../lib/paper/context';
import { futureStatus, loadResultSet } from '../../lib/paper/future';
import { quickResults } from '../fixtures/paper-records';
import { lastJson, runCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const good = quickResults();
const line = (v: unknown) => JSON.stringify(v);
const withRecord = (patch: Record<string, unknown>) => ({ ...good[0], record: { ...good[0].record, ...patch } });
const withConfig = (patch: Record<string, unknown>) => withRecord({ config: { ...good[0].record.config, ...patch } });

/** data/results/quick/results.jsonl in a fresh folder: the three quick runs, garbage, bad types and a duplicate. */
function corruptStore(): { dir: string; file: string } {
  const dir = scratchDir('results-corrupt-');
  const file = resultsFileFor(dir, 'quick');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [
    line(good[0]), 'not json at all', line(withConfig({ arch: null })), line(good[1]), line(withRecord({ testAccuracy: 'high' })),
    line(good[2]), line(good[1]), '{"key": "x", "record": [1]}',
  ].join('\n') + '\n');
  return { dir, file };
}

const WARNINGS = [
  'results.jsonl:2: unreadable line ignored',
  'results.jsonl:3: record.config.arch must be a list of integers in 1..1048576 (got null); line ignored',
  'results.jsonl:5: record.testAccuracy must be a number in [0, 1] (got "high"); line ignored',
  `results.jsonl:7: run ${good[1].key} is already stored as ok at line 4 (two sweeps at once?); the later line is used`,
  'results.jsonl:8: record must be an object (got [1]); line ignored',
];

test('loadResults skips each bad line with its line number and reports keys stored as ok twice', () => {
  const loaded = loadResults(corruptStore().file);
  assert.deepEqual(loaded.warnings, WARNINGS);
  assert.deepEqual(loaded.results.map(r => r.key), good.map(r => r.key));
  assert.equal(loaded.duplicateKeys, 1);
  assert.equal(loaded.lines, 8);
});

test('storedResultProblem names the first bad field of a record', () => {
  const cases: [unknown, string | undefined][] = [
    [good[0], undefined],
    [withConfig({ topology: 'constructor' }), 'record.config.topology must be one of dense, random, regular, circulant, pseudo-random, local, small-world (got "constructor")'],
    [withConfig({ denseOutput: 'yes' }), 'record.config.denseOutput must be true or false (got "yes")'],
    [withRecord({ status: 'maybe' }), 'record.status must be "ok" or "failed" (got "maybe")'],
    [withRecord({ epochs: [{ epoch: 1, loss: 'x' }] }), 'record.epochs[0].loss must be a finite number (got "x")'],
    [withRecord({ layers: [{ nIn: 784, nOut: 300, nnz: -1, density: 0.1, topology: 'random' }] }), 'record.layers[0].nnz must be an integer >= 0 (got -1)'],
    [withRecord({ status: 'failed', error: 7 }), 'record.error must be a string (got 7)'],
    [{ ...good[0], key: 3 }, 'key must be a non-empty string (got 3)'],
    [null, 'not a JSON object'],
  ];
  for (const [value, problem] of cases) assert.equal(storedResultProblem(value), problem);
});

test('npm run results on a corrupt store: exit 0, every warning on stderr, the good runs summarised', { timeout: 60_000 }, async () => {
  const { dir } = corruptStore();
  const r = await runCli('results', ['--preset', 'quick', '--results-dir', dir, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stderr.trim().split('\n'), WARNINGS.map(w => `results: warning: ${w}`));
  const out = lastJson(r.stdout);
  assert.equal(out.runs, 3);
  assert.equal(out.duplicateKeys, 1);
  assert.deepEqual(out.warnings, WARNINGS);
});

test('the notebooks see the same warnings: coverage note and section 6 status say lines were skipped', async () => {
  const { dir } = corruptStore();
  const paper = await loadPaperResults({ preset: 'quick', resultsDir: dir });
  assert.deepEqual(paper.warnings, WARNINGS);
  assert.equal(paper.results.length, 3);
  assert.match(coverageNote(paper), / \*\*5 line\(s\) of the results file were skipped or doubtful\*\* \(first: `results\.jsonl:2: unreadable line ignored`; `npm run results -- --preset quick` lists them all\)\.$/);
  const set = loadResultSet(dir, 'quick');
  assert.equal(futureStatus([set], ['quick']),
    '- `quick`: preset `quick` is defined; 3 finished runs; **5 line(s) skipped or doubtful** (first: `results.jsonl:2: unreadable line ignored`).');
});
