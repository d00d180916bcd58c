// The messages between the sweep runner (parent) and its training workers (child processes), and the loop a worker
// module runs. Any module that calls serveTraining(train) can be a worker: the real one (worker.ts) or a test fake.
import type { EpochMetrics, RunRecord, TrainConfig } from '../train/config';

export type TrainFn = (config: TrainConfig, opts?: { onEpoch?: (m: EpochMetrics) => void }) => Promise<RunRecord>;

export type ToWorker = { type: 'run'; key: string; config: TrainConfig };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'epoch'; key: string; metrics: EpochMetrics }
  | { type: 'done'; key: string; record: RunRecord }
  | { type: 'failed'; key: string; error: string };

/** Run configs sent by the parent one at a time, answering each with its record or its error. */
export function serveTraining(train: TrainFn): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('a training worker must be started by the sweep runner (child_process.fork)');
  // The callback takes a send that fails because the parent just closed the channel (it had no run for this process):
  // without it, the failure is an uncaught 'error' event; the 'disconnect' handler below ends the process anyway.
  const reply = (msg: FromWorker) => { if (process.connected) send(msg, undefined, undefined, () => {}); };
  // The parent finished or died (even by SIGKILL, which closes the IPC channel): stop, losing only this run.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: ToWorker) => {
    if (msg?.type !== 'run') return;
    train(msg.config, { onEpoch: metrics => reply({ type: 'epoch', key: msg.key, metrics }) })
      .then(record => reply({ type: 'done', key: msg.key, record }))
      .catch((err: unknown) => reply({ type: 'failed', key: msg.key, error: err instanceof Error ? err.message : String(err) }));
  });
  reply({ type: 'ready' });
}
