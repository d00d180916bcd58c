// Runs the PyTorch peer (torch_train.py beside this file) with Debian's python3-torch, when it is installed.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const TORCH_INSTALL_HINT = 'apt-get install -y python3-torch libopenblas0-pthread';

export interface TorchRow {
  mode: 'dense' | 'masked';
  density: number;
  connections: number;
  msPerStep: number;
  msPerStepMin: number;
  secondsPerEpoch: number;
}

export interface TorchResult {
  peer: 'pytorch';
  torch: string;
  threads: number;
  /** OPENBLAS_NUM_THREADS of the layout; null: OpenBLAS's default (one per core). */
  blasThreads: number | null;
  blasLoaded: string[];
  blasInfo: string | null;
  rows: TorchRow[];
}

/** The fastest of the thread layouts tried, and every layout's rows. */
export interface TorchPeer extends TorchResult {
  layouts: TorchResult[];
}

// torch's OpenMP pool and OpenBLAS's pthreads each start one thread per core: on 2 cores the default (2 × 2) has four
// busy threads and measured 1.6–2.7× slower than either layout that keeps to two. The peer is PyTorch at its best here,
// so each layout is measured and the fastest dense row's layout is the one reported.
const LAYOUTS = [{ threads: 2, blas: 1 }, { threads: 1, blas: 2 }, { threads: 2, blas: 2 }] as const;

export type TorchRun = { ok: true; result: TorchPeer; reason?: undefined } | { ok: false; reason: string };
type LayoutRun = { ok: true; result: TorchResult; reason?: undefined } | { ok: false; reason: string };

interface PeerOptions { warmup: number; steps: number; repeats: number }

/** Trains the peer on the IDX files in `dataDir` in each thread layout; never throws (the reason says why there is no result). */
export function runTorchPeer(dataDir: string, opts: PeerOptions): TorchRun {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, reason: `PyTorch is not installed for ${PYTHON} (as root: ${TORCH_INSTALL_HINT})` };
  const layouts: TorchResult[] = [];
  for (const layout of LAYOUTS) {
    const run = runLayout(dataDir, opts, layout.threads, layout.blas);
    if (!run.ok) return run;
    layouts.push(run.result);
  }
  const denseMs = (r: TorchResult) => r.rows.find(row => row.mode === 'dense')?.msPerStep ?? Infinity;
  const fastest = layouts.reduce((best, r) => (denseMs(r) < denseMs(best) ? r : best));
  return { ok: true, result: { ...fastest, layouts } };
}

function runLayout(dataDir: string, opts: PeerOptions, threads: number, blasThreads: number): LayoutRun {
  const script = path.join(__dirname, 'torch_train.py');
  const run = spawnSync(PYTHON, [script, '--data-dir', dataDir, '--warmup', String(opts.warmup), '--steps', String(opts.steps),
    '--repeats', String(opts.repeats), '--threads', String(threads)],
  { encoding: 'utf8', timeout: 600_000, env: { ...process.env, OPENBLAS_NUM_THREADS: String(blasThreads) } });
  if (run.status !== 0) return { ok: false, reason: `${script} failed: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}` };
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, result: JSON.parse(last) as TorchResult };
  } catch {
    return { ok: false, reason: `${script} printed no JSON line` };
  }
}
