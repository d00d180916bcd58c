// `npm run worker -- --queue redis://HOST:PORT`: serve a queued sweep from this host. Takes runs from the Redis queue
// that `npm run sweep -- --queue` fills, trains them with the same training processes as a local sweep (one per
// job), and hands each record back through the queue. Start as many as there are hosts; stop any at any time.
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkInput, printJson, runCli, UsageError } from './args';
import { availableMemoryBytes } from '../base/available-memory';
import { exitWithLauncher } from '../base/exit-with-launcher';
import { parseRedisUrl, REDIS_PASSWORD_ENV } from '../base/redis-url';
import { defaultJobs } from '../experiments/runner';
import { realWorkerModule } from '../experiments/sweep';
import { describeCode, thisCodeVersion } from '../experiments/queue/code-version';
import { checkRedis } from '../experiments/queue/connection';
import { startQueueWorker } from '../experiments/queue/queue-worker';
import { QUEUE_NAME } from '../experiments/queue/sweep-jobs';

const cores = defaultJobs();

runCli({
  usage: 'npm run worker --',
  summary: 'Train runs of queued sweeps (npm run sweep -- --queue URL) on this host until stopped.',
  flags: {
    queue: { type: 'string', help: `redis://[user:password@]HOST:PORT[/DB] of the sweep's Redis (password: in the URL or in ${REDIS_PASSWORD_ENV})` },
    jobs: { type: 'int', min: 1, help: `runs trained at once, one process each (default: the ${cores} cores; with more than one, each gets SPARSE_THREADS=1)` },
    oversubscribe: { type: 'boolean', help: `allow --jobs above the ${cores} cores` },
    'lock-seconds': { type: 'int', min: 1, max: 3600, default: 30, help: 'a run whose worker stops answering for this long (killed, host down) is given to another worker' },
    'idle-exit': { type: 'int', min: 1, help: 'exit once the queue, after it had work, has had nothing waiting, running or put aside for this many seconds (default: serve until stopped)' },
    worker: { type: 'string', help: 'training module (advanced; default: the real trainer, lib/experiments/worker.ts)' },
    json: { type: 'boolean', help: 'on exit, print one JSON object (runs trained, tries failed, why it stopped) as the last line of stdout' },
  },
  epilog: [
    `Jobs come from the BullMQ queue '${QUEUE_NAME}'. Each is stamped with the coordinator's commit and package-lock.json;`,
    'a job of other code is refused: put aside for 5 s for another worker, said here (once per code version) and',
    'to the coordinator, never trained. Ctrl-C or SIGTERM puts the runs in flight back in the queue at once; a worker that is',
    'killed outright or loses its host gives them back after --lock-seconds. A run that throws is retried by any',
    'worker up to the sweep\'s --attempts, then stored as failed.',
    'One worker per host, with --jobs for its cores: two workers on one host each start native thread pools that',
    'share the cores, unless each is started with SPARSE_THREADS=1.',
    'Example:  REDIS_PASSWORD=... npm run worker -- --queue redis://10.0.0.5:6379 --jobs 2',
  ].join('\n'),
}, async flags => {
  if (!flags.queue) throw new UsageError('--queue redis://HOST:PORT is required');
  const target = checkInput(() => parseRedisUrl(flags.queue!));
  if (flags.worker && !fs.existsSync(flags.worker)) throw new UsageError(`--worker: no such file ${flags.worker}`);
  if (flags.jobs !== undefined && flags.jobs > cores && !flags.oversubscribe) {
    throw new UsageError(`--jobs ${flags.jobs} is more than the ${cores} cores of this machine; pass --oversubscribe to start that many anyway`);
  }
  exitWithLauncher();
  const { version } = await checkRedis(target);
  const jobs = flags.jobs ?? cores;
  const log = (line: string) => process.stderr.write(`worker: ${line}\n`);
  log(`serving '${QUEUE_NAME}' at ${target.shown} (Redis ${version}) on ${os.hostname()}, ${jobs} job(s) at once, ${describeCode(thisCodeVersion())}`);
  const worker = startQueueWorker(target, {
    jobs, workerModule: flags.worker ? path.resolve(flags.worker) : realWorkerModule, lockSeconds: flags['lock-seconds'],
    idleExitSeconds: flags['idle-exit'], availableBytes: availableMemoryBytes(), log,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: putting the runs in flight back in the queue`);
      worker.stop('signal');
      process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
    });
  }
  const report = await worker.done;
  log(`stopped (${report.stoppedBy}): ${report.trained} run(s) trained, ${report.failedTries} failed tr${report.failedTries === 1 ? 'y' : 'ies'}` +
    `${report.refused ? `, ${report.refused} job(s) of other code refused` : ''}`);
  if (flags.json) printJson(report);
  if (!report.ok) process.exitCode = 1;
});
