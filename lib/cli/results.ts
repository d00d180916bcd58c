// `npm run results -- --preset NAME`: summarise a sweep's results.jsonl over seeds, print the table and write
// summary.csv next to it. Reads results only; never changes results.jsonl.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printJson, runCli, UsageError } from './args';
import { PresetError, presetNames, resolveGrid } from '../experiments/presets';
import { defaultResultsDir, loadResults, resultsFileFor } from '../experiments/result-store';
import { summarize, writeSummaryCsv, type SummaryRow } from '../experiments/summary';
import { runsOfGrid, type GridSpec } from '../experiments/grid';

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
  const header = ['dataset', 'arch', 'topology', 'allocation', 'mode', 'sparsity', 'density', 'n', 'test acc (mean ± std)', 'best epoch', 'connections'];
  const body = rows.map(r => [r.dataset, r.arch, r.topology, r.allocation, r.mode, r.sparsity, String(r.density), String(r.n),
    `${(100 * r.testAccuracyMean).toFixed(2)}% ± ${r.testAccuracyStd === null ? '—' : `${(100 * r.testAccuracyStd).toFixed(2)}%`}`,
    r.bestEpochMean.toFixed(1), Math.round(r.connectionsMean).toLocaleString('en-US')]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map(row => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

runCli({
  usage: 'npm run results --',
  summary: 'Summarise a sweep over seeds (mean, sample std and n of test accuracy, mean best epoch and connections per configuration), print the table and write summary.csv beside results.jsonl.',
  flags: {
    preset: { type: 'string', help: `result set: ${presetNames.join(' | ')} | path/to/grid.json | a folder name under the results dir` },
    'results-dir': { type: 'string', default: path.relative(process.cwd(), defaultResultsDir) || '.', help: 'where sweeps wrote DIR/<preset>/results.jsonl' },
    json: { type: 'boolean', help: 'print one JSON object (with the rows) as the last line of stdout' },
  },
  epilog: "Only runs with status 'ok' enter the summary; std is empty (null) when a configuration has one run.",
}, async flags => {
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
  const rows = await summarize(runs);
  const summaryFile = writeSummaryCsv(resultsFile, rows);
  const failed = runs.filter(r => r.record.status === 'failed').length;
  if (!flags.json) {
    console.log(formatTable(rows));
    console.log(`\n${runs.length} runs (${failed} failed) in ${resultsFile}; summary written to ${summaryFile}`
      + (loaded.duplicateKeys ? `; ${loaded.duplicateKeys} run(s) stored as ok more than once (see the warnings)` : ''));
  } else {
    printJson({ preset: name, resultsFile, summaryFile, runs: runs.length, ok: runs.length - failed,
      failed, duplicateKeys: loaded.duplicateKeys, warnings: loaded.warnings, rows });
  }
});
