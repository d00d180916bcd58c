// `npm run sweep -- --preset quick|paper|FILE.json`: train every run of a grid in parallel worker processes,
// appending each result to data/results/<preset>/results.jsonl. Rerunning resumes: runs stored as 'ok' are skipped.
// Before any work: the grid's size, every run's buildability and memory, the workers' memory, the results folder's
// writability and its lock (one sweep per store). The sweep exits when the command that launched it dies.
// With --queue redis://..., the runs go to a Redis queue (BullMQ) that `npm run worker` processes on any number of
// hosts consume; this command then follows the queue and stores every record, as the local pool's parent does.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkInput, printJson, runCli, UsageError } from './args';
import { availableMemoryBytes } from '../base/available-memory';
import { exitWithLauncher } from '../base/exit-with-launcher';
import { checkOutputFolder } from '../base/output-path';
import { presetNames, resolveGrid } from '../experiments/presets';
import { defaultResultsDir, resultsFileFor } from '../experiments/result-store';
import { defaultJobs } from '../experiments/runner';
import { planSweep, realWorkerModule, runSweep } from '../experiments/sweep';
import { chooseJobs, gridRunProblem, largestRunBytes } from '../experiments/grid-feasibility';
import { lockResultStore } from '../experiments/store-lock';
import { expandGrid } from '../experiments/grid';
import { parseRedisUrl, REDIS_PASSWORD_ENV } from '../base/redis-url';
import { checkRedis } from '../experiments/queue/connection';
import { runQueuedSweep } from '../experiments/queue/coordinator';
import { formatQueueStatus, queueStatus } from '../experiments/queue/status';
import { DEFAULT_ATTEMPTS, QUEUE_NAME } from '../experiments/queue/sweep-jobs';

const cores = defaultJobs();

runCli({
  usage: 'npm run sweep --',
  summary: 'Train every run of a grid (a preset or a JSON file), one worker process per job, resuming where a previous run of the same sweep stopped.',
  flags: {
    preset: { type: 'string', help: `grid to run: ${presetNames.join(' | ')} | path/to/grid.json` },
    jobs: { type: 'int', min: 1, help: `worker processes (default: the ${cores} cores, fewer if memory is short; with more than one, each gets SPARSE_THREADS=1)` },
    oversubscribe: { type: 'boolean', help: `allow --jobs above the ${cores} cores: every worker is a process holding a whole run (about 0.6 GB for the presets) and they share the cores, so each run gets slower` },
    'results-dir': { type: 'string', default: path.relative(process.cwd(), defaultResultsDir) || '.', help: 'results go to DIR/<preset>/results.jsonl' },
    'dry-run': { type: 'boolean', help: 'print how many runs would be trained and skipped, then stop' },
    worker: { type: 'string', help: 'worker module (advanced; default: the real trainer, lib/experiments/worker.ts)' },
    queue: { type: 'string', help: `redis://[user:password@]HOST:PORT[/DB]: queue the runs there for \`npm run worker\` processes on any hosts, follow them and store the results here (password: in the URL or in ${REDIS_PASSWORD_ENV})` },
    status: { type: 'boolean', help: 'with --queue: print what the queue holds and which workers serve it (and, with --preset, where the grid\'s runs are), then exit' },
    attempts: { type: 'int', min: 1, max: 100, help: `with --queue: tries per run before a run that throws is stored as failed (default ${DEFAULT_ATTEMPTS})` },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: [
    'Each finished run appends one line {key, finishedAt, record} (key = hash of its full config). Runs that fail',
    "are stored with status 'failed' and their error, do not stop the sweep, and are retried by the next rerun;",
    'the exit code is 1 if any run failed. Killing the sweep loses only the runs in flight.',
    'One sweep at a time per results folder: a second one refuses, naming the first one\'s pid (lock file',
    'DIR/<preset>/.sweep.lock; a lock left by a killed sweep is taken over).',
    'A grid file holds the GridSpec fields (lib/experiments/grid.ts); its results folder is named after the file.',
    `With --queue: one BullMQ job per run on the queue '${QUEUE_NAME}' (job id = run key: queueing again adds nothing),`,
    'each stamped with this checkout\'s commit and package-lock.json; workers of other code refuse it. Killing this',
    'command loses nothing: workers go on, and rerunning it collects what they finished. The password is never',
    'printed or stored. Start workers with `npm run worker -- --queue URL` (see its --help).',
    'Examples:  npm run sweep -- --preset quick   |   npm run sweep -- --preset paper --jobs 2 --json',
    '           REDIS_PASSWORD=... npm run sweep -- --preset paper --queue redis://10.0.0.5:6379',
  ].join('\n'),
}, async flags => {
  exitWithLauncher();
  const target = flags.queue === undefined ? undefined : checkInput(() => parseRedisUrl(flags.queue!));
  if (flags.status && !target) throw new UsageError('--status needs --queue redis://HOST:PORT');
  if (target && (flags.jobs !== undefined || flags.worker || flags.oversubscribe)) {
    throw new UsageError('--jobs, --worker and --oversubscribe are for the workers when the sweep is queued: npm run worker -- --queue URL --jobs N');
  }
  if (flags.attempts !== undefined && !target) throw new UsageError('--attempts applies to queued sweeps (--queue); a local sweep retries failed runs on its next rerun');
  if (!flags.preset && !flags.status) throw new UsageError(`--preset is required (${presetNames.join(', ')} or a grid .json file)`);
  const grid = flags.preset ? checkInput(() => resolveGrid(flags.preset!)) : undefined;
  if (target && flags.status) {
    const resultsDir = path.resolve(flags['results-dir']);
    await checkRedis(target);
    const status = await queueStatus(target, grid && planSweep(grid, resultsDir));
    if (flags.json) printJson(status); else formatQueueStatus(status).forEach(line => console.log(line));
    return;
  }
  if (!grid) throw new UsageError('--preset is required');
  if (flags.worker && !fs.existsSync(flags.worker)) throw new UsageError(`--worker: no such file ${flags.worker}`);
  if (flags.jobs !== undefined && flags.jobs > cores && !flags.oversubscribe) {
    throw new UsageError(`--jobs ${flags.jobs} is more than the ${cores} cores of this machine; pass --oversubscribe to start that many workers anyway`);
  }
  const resultsDir = path.resolve(flags['results-dir']);
  checkInput(() => checkOutputFolder('--results-dir', flags['results-dir']));
  // Every run of the grid must be buildable and fit, checked before the results folder is touched.
  const available = availableMemoryBytes();
  const problem = gridRunProblem(expandGrid(grid.grid), available);
  if (problem) throw new UsageError(problem);
  // Locked before reading the store, so the plan cannot go stale under another sweep.
  // Redis is checked before the results folder is touched: a wrong URL or password costs nothing.
  if (target && !flags['dry-run']) await checkRedis(target);
  const lock = flags['dry-run'] ? undefined : lockResultStore(resultsFileFor(resultsDir, grid.name));
  if (lock?.replaced) process.stderr.write(`sweep: took over the lock of pid ${lock.replaced.pid}, which is no longer running\n`);
  const plan = planSweep(grid, resultsDir);
  for (const warning of plan.warnings) process.stderr.write(`sweep: warning: ${warning}\n`);
  const configs = plan.pending.map(r => r.config);
  const choice = checkInput(() => chooseJobs(flags.jobs, cores, plan.pending.length, largestRunBytes(configs), available));
  if (choice.note) process.stderr.write(`sweep: ${choice.note}\n`);
  const skipped = plan.runs.length - plan.pending.length;
  const log = (line: string) => { if (!flags.json) console.log(line); };
  log(`sweep '${plan.name}': ${plan.runs.length} runs, ${skipped} already done, ${plan.pending.length} to train` +
    `${plan.pending.length ? (target ? ` by the workers of ${target.shown}` : ` with ${choice.jobs} worker(s)`) : ''} -> ${plan.resultsFile}`);
  if (flags['dry-run']) {
    if (flags.json) printJson({ preset: plan.name, total: plan.runs.length, skipped, toRun: plan.pending.length, resultsFile: plan.resultsFile });
    return;
  }
  // Ctrl-C or a kill: exit through process.exit, so the lock is released (its 'exit' handler) and the workers,
  // whose IPC channel closes, stop too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
  if (target) {
    const report = await runQueuedSweep(plan, target, {
      lock, attempts: flags.attempts ?? DEFAULT_ATTEMPTS, showProgress: true, log: line => process.stderr.write(`sweep: ${line}\n`),
    });
    log(`done: ${report.ran} stored (${report.failed} failed; ${report.collectedAtStart} had finished before this command started), ` +
      `${report.skipped} skipped, ${report.workersSeen} worker(s) seen`);
    if (flags.json) printJson(report);
    if (report.failed > 0) process.exitCode = 1;
    return;
  }
  const report = await runSweep(plan, {
    jobs: choice.jobs,
    lock,
    workerModule: flags.worker ? path.resolve(flags.worker) : realWorkerModule,
    showProgress: true,
  });
  log(`done: ${report.ran} trained (${report.failed} failed), ${report.skipped} skipped`);
  if (flags.json) printJson(report);
  if (report.failed > 0) process.exitCode = 1;
});
