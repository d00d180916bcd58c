// Runs the PyTorch peer (torch_train.py beside this file) with Debian's python3-torch, when it is installed.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PYTHON = '/usr/bin/python3';
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
  blasLoaded: string[];
  blasInfo: string | null;
  rows: TorchRow[];
}

export type TorchRun = { ok: true; result: TorchResult; reason?: undefined } | { ok: false; reason: string };

/** Trains the peer on the IDX files in `dataDir`; never throws (the reason says why there is no result). */
export function runTorchPeer(dataDir: string, opts: { warmup: number; steps: number; repeats: number }): TorchRun {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, reason: `PyTorch is not installed for ${PYTHON} (as root: ${TORCH_INSTALL_HINT})` };
  const script = path.join(__dirname, 'torch_train.py');
  const run = spawnSync(PYTHON, [script, '--data-dir', dataDir, '--warmup', String(opts.warmup), '--steps', String(opts.steps),
    '--repeats', String(opts.repeats)], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return { ok: false, reason: `${script} failed: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}` };
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, result: JSON.parse(last) as TorchResult };
  } catch {
    return { ok: false, reason: `${script} printed no JSON line` };
  }
}
