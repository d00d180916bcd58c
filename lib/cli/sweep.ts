// `npm run sweep -- --preset quick|paper|FILE.json`: train every run of a grid in parallel worker processes,
// appending each result to data/results/<preset>/results.jsonl. Rerunning resumes: runs stored as 'ok' are skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printJson, runCli, UsageError } from './args';
import { PresetError, presetNames, resolveGrid } from '../experiments/presets';
import { defaultResultsDir } from '../experiments/result-store';
import { defaultJobs } from '../experiments/runner';
import { planSweep, realWorkerModule, runSweep } from '../experiments/sweep';

runCli({
  usage: 'npm run sweep --',
  summary: 'Train every run of a grid (a preset or a JSON file), one worker process per job, resuming where a previous run of the same sweep stopped.',
  flags: {
    preset: { type: 'string', help: `grid to run: ${presetNames.join(' | ')} | path/to/grid.json` },
    jobs: { type: 'int', min: 1, default: defaultJobs(), help: 'worker processes (with more than one, each gets SPARSE_THREADS=1)' },
    'results-dir': { type: 'string', default: path.relative(process.cwd(), defaultResultsDir) || '.', help: 'results go to DIR/<preset>/results.jsonl' },
    'dry-run': { type: 'boolean', help: 'print how many runs would be trained and skipped, then stop' },
    worker: { type: 'string', help: 'worker module (advanced; default: the real trainer, lib/experiments/worker.ts)' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: [
    'Each finished run appends one line {key, finishedAt, record} (key = hash of its full config). Runs that fail',
    "are stored with status 'failed' and their error, do not stop the sweep, and are retried by the next rerun;",
    'the exit code is 1 if any run failed. Killing the sweep loses only the runs in flight.',
    'A grid file holds the GridSpec fields (lib/experiments/grid.ts); its results folder is named after the file.',
    'Examples:  npm run sweep -- --preset quick   |   npm run sweep -- --preset paper --jobs 2 --json',
  ].join('\n'),
}, async flags => {
  if (!flags.preset) throw new UsageError(`--preset is required (${presetNames.join(', ')} or a grid .json file)`);
  let grid;
  try { grid = resolveGrid(flags.preset); } catch (err) {
    if (err instanceof PresetError) throw new UsageError(err.message);
    throw err;
  }
  if (flags.worker && !fs.existsSync(flags.worker)) throw new UsageError(`--worker: no such file ${flags.worker}`);
  const plan = planSweep(grid, path.resolve(flags['results-dir']));
  for (const warning of plan.warnings) process.stderr.write(`sweep: warning: ${warning}\n`);
  const skipped = plan.runs.length - plan.pending.length;
  const log = (line: string) => { if (!flags.json) console.log(line); };
  log(`sweep '${plan.name}': ${plan.runs.length} runs, ${skipped} already done, ${plan.pending.length} to train` +
    `${plan.pending.length ? ` with ${Math.min(flags.jobs, plan.pending.length)} worker(s)` : ''} -> ${plan.resultsFile}`);
  if (flags['dry-run']) {
    if (flags.json) printJson({ preset: plan.name, total: plan.runs.length, skipped, toRun: plan.pending.length, resultsFile: plan.resultsFile });
    return;
  }
  const report = await runSweep(plan, {
    jobs: flags.jobs,
    workerModule: flags.worker ? path.resolve(flags.worker) : realWorkerModule,
    showProgress: true,
  });
  log(`done: ${report.ran} trained (${report.failed} failed), ${report.skipped} skipped`);
  if (flags.json) printJson(report);
  if (report.failed > 0) process.exitCode = 1;
});
