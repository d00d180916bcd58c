// `npm run results -- --preset NAME`: summarise a sweep's results.jsonl over seeds, print the table and write
// summary.csv next to it. Reads results only; never changes results.jsonl.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkInput, printJson, runCli, UsageError } from './args';
import { PresetError, presetNames, resolveGrid } from '../experiments/presets';
import { defaultResultsDir, loadResults, resultsFileFor } from '../experiments/result-store';
import { summarize, writeSummaryCsv, type SummaryRow } from '../experiments/summary';
import { runsOfGrid, type GridSpec } from '../experiments/grid';
import { compareRuns, filterRuns, parseSort, parseWhere, queryRuns, QUERY_FIELDS } from '../experiments/run-query';
import type { StoredResult } from '../experiments/result-store';
import type { FlatRecord } from '../experiments/summary';

function resultSetsIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter(name => fs.existsSync(resultsFileFor(dir, name))).sort();
}

/** The grid behind --preset, or undefined for a result set that no preset or grid file describes. */
function gridOf(arg: string): GridSpec | undefined {
  try { return resolveGrid(arg).grid; } catch { return undefined; }
}

/** The results-folder name for --preset: a preset, a grid file (its base name), or an existing result set. */
function resultSetName(arg: string, resultsDir: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(arg) && !arg.endsWith('.json') && fs.existsSync(resultsFileFor(resultsDir, arg))) return arg;
  let name: string;
  try { name = resolveGrid(arg).name; } catch (err) {
    if (!(err instanceof PresetError)) throw err;
    const known = resultSetsIn(resultsDir);
    throw new UsageError(`${err.message}${known.length ? `; result sets in ${resultsDir}: ${known.join(', ')}` : ''}`);
  }
  if (!fs.existsSync(resultsFileFor(resultsDir, name))) {
    const known = resultSetsIn(resultsDir);
    throw new UsageError(`no results for '${name}' in ${resultsDir} (run: npm run sweep -- --preset ${arg}` +
      `${known.length ? `; result sets there: ${known.join(', ')}` : ''})`);
  }
  return name;
}

function formatTable(rows: SummaryRow[]): string {
  // A CNN's channel table is a column of its own, shown only when some row has one (an MLP has none).
  const tables = rows.some(r => r.channelTable);
  const header = ['dataset', 'arch', ...(tables ? ['channel table'] : []), 'topology', 'allocation', 'mode', 'sparsity', 'density', 'n', 'test acc (mean ± std)', 'best epoch', 'connections'];
  const body = rows.map(r => [r.dataset, r.arch, ...(tables ? [r.channelTable] : []), r.topology, r.allocation, r.mode, r.sparsity, String(r.density), String(r.n),
    `${(100 * r.testAccuracyMean).toFixed(2)}% ± ${r.testAccuracyStd === null ? '—' : `${(100 * r.testAccuracyStd).toFixed(2)}%`}`,
    r.bestEpochMean.toFixed(1), Math.round(r.connectionsMean).toLocaleString('en-US')]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map(row => row[i].length)));
  const firstNumber = header.indexOf('sparsity');
  const line = (cells: string[]) => cells.map((c, i) => (i >= firstNumber ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

runCli({
  usage: 'npm run results --',
  summary: 'Summarise a sweep over seeds (mean, sample std and n of test accuracy, mean best epoch and connections per configuration), print the table and write summary.csv beside results.jsonl.',
  flags: {
    preset: { type: 'string', help: `result set: ${presetNames.join(' | ')} | path/to/grid.json | a folder name under the results dir` },
    'results-dir': { type: 'string', default: path.relative(process.cwd(), defaultResultsDir) || '.', help: 'where sweeps wrote DIR/<preset>/results.jsonl' },
    runs: { type: 'boolean', help: 'list single runs (one line each) instead of the summary over seeds' },
    where: { type: 'string', help: 'keep runs whose fields match, e.g. topology=circulant,density=0.1 (fields: ' + QUERY_FIELDS.join(', ') + ')' },
    sort: { type: 'string', help: 'order by a field: testAccuracy (ascending) or testAccuracy:desc' },
    compare: { type: 'string', help: 'two run keys (or unique key prefixes), KEY1,KEY2: their configs and results side by side' },
    json: { type: 'boolean', help: 'print one JSON object (with the rows) as the last line of stdout' },
  },
  epilog: ["Only runs with status 'ok' enter the summary; std is empty (null) when a configuration has one run.",
    'Examples:  npm run results -- --preset paper --runs --where topology=circulant --sort testAccuracy:desc',
    '           npm run results -- --preset dynamic --compare 3f2a,9c1b'].join('\n'),
}, async flags => {
  const where = flags.where ? checkInput(() => parseWhere(flags.where!)) : [];
  const sort = flags.sort ? checkInput(() => parseSort(flags.sort!)) : undefined;
  if (!flags.preset) throw new UsageError(`--preset is required (${presetNames.join(', ')}, a grid .json file or a result folder name)`);
  const resultsDir = path.resolve(flags['results-dir']);
  const name = resultSetName(flags.preset, resultsDir);
  const resultsFile = resultsFileFor(resultsDir, name);
  const loaded = loadResults(resultsFile);
  for (const warning of loaded.warnings) process.stderr.write(`results: warning: ${warning}\n`);
  // For a preset or grid file, only runs of the grid as it is now (see runsOfGrid); other result sets as stored.
  const grid = gridOf(flags.preset);
  const { runs, outside } = grid ? runsOfGrid(loaded.results, grid) : { runs: loaded.results, outside: 0 };
  if (outside) process.stderr.write(`results: ${outside} stored run(s) are not in the current grid of '${name}' and are left out\n`);
  if (flags.compare) return compareCommand(runs, flags.compare, flags.json);
  if (flags.runs) return listRuns(queryRuns(runs, where, sort), flags.json);
  const rows = summarize(filterRuns(runs, where));
  if (sort) rows.sort(summaryOrder(sort));
  const summaryFile = where.length ? undefined : writeSummaryCsv(resultsFile, rows);
  const failed = runs.filter(r => r.record.status === 'failed').length;
  if (!flags.json) {
    console.log(formatTable(rows));
    console.log(`\n${runs.length} runs (${failed} failed) in ${resultsFile}; ${summaryFile ? `summary written to ${summaryFile}` : 'filtered: summary.csv left as it was'}`
      + (loaded.duplicateKeys ? `; ${loaded.duplicateKeys} run(s) stored as ok more than once (see the warnings)` : ''));
  } else {
    printJson({ preset: name, resultsFile, summaryFile, runs: runs.length, ok: runs.length - failed,
      failed, duplicateKeys: loaded.duplicateKeys, warnings: loaded.warnings, rows });
  }
});

/** Summary rows ordered by a run field that the rows share (testAccuracy sorts by the mean). */
function summaryOrder(sort: { field: keyof FlatRecord; descending: boolean }): (a: SummaryRow, b: SummaryRow) => number {
  const pick = (r: SummaryRow): number | string => {
    const byMean: Partial<Record<keyof FlatRecord, keyof SummaryRow>> = { testAccuracy: 'testAccuracyMean', bestEpoch: 'bestEpochMean', connections: 'connectionsMean', wallSeconds: 'wallSecondsMean' };
    const k = byMean[sort.field] ?? (sort.field as keyof SummaryRow);
    return (r[k] ?? '') as number | string;
  };
  return (a, b) => { const x = pick(a), y = pick(b); return (x < y ? -1 : x > y ? 1 : 0) * (sort.descending ? -1 : 1); };
}

function listRuns(rows: FlatRecord[], json: boolean): void {
  if (json) return printJson({ runs: rows });
  const cols: (keyof FlatRecord)[] = ['key', 'status', 'arch', ...(rows.some(r => r.channelTable) ? ['channelTable' as const] : []),
    'topology', 'allocation', 'sparsity', 'density', 'seed', 'testAccuracy', 'bestEpoch', 'connections', 'wallSeconds'];
  const cells = rows.map(r => cols.map(c => (c === 'testAccuracy' ? `${(100 * r.testAccuracy).toFixed(2)}%` : typeof r[c] === 'number' ? String(+(r[c] as number).toPrecision(6)) : String(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map(r => r[i].length)));
  console.log([cols as string[], ...cells].map(r => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd()).join('\n'));
  console.log(`\n${rows.length} run(s)`);
}

function compareCommand(runs: StoredResult[], keys: string, json: boolean): void {
  const wanted = keys.split(',').map(k => k.trim()).filter(Boolean);
  if (wanted.length !== 2) throw new UsageError(`--compare takes two run keys, KEY1,KEY2 (got '${keys}')`);
  const found = wanted.map(k => {
    const hits = runs.filter(r => r.key.startsWith(k));
    if (hits.length !== 1) throw new UsageError(`--compare: ${hits.length === 0 ? 'no run' : `${hits.length} runs`} with a key starting '${k}'`);
    return hits[0];
  });
  const rows = compareRuns(found[0], found[1]);
  if (json) return printJson({ a: found[0].key, b: found[1].key, rows });
  const w = Math.max(...rows.map(r => r.field.length)), wa = Math.max(found[0].key.length, ...rows.map(r => r.a.length));
  console.log(`${''.padEnd(w)}  ${found[0].key.padEnd(wa)}  ${found[1].key}`);
  for (const r of rows) console.log(`${r.field.padEnd(w)}  ${r.a.padEnd(wa)}  ${r.b}${r.differs ? '   ←' : ''}`);
}
