// Entry point of a sweep worker process: trains each config the runner sends with the real trainer.
// The trainer is imported here and nowhere else in lib/experiments, so the store, grid and runner load
// (and are tested, with test/fixtures/fake-train-worker.ts) without it.
import { trainRun } from '../train/run';
import { serveTraining } from './worker-protocol';

// The sweep draws one progress bar for all runs; a per-run bar from each worker would garble it.
serveTraining((config, opts) => trainRun(config, { ...opts, progress: 'none' }));
