// Runs the PyTorch inference peer (torch_infer.py beside this file) with Debian's python3-torch, when it is installed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, TORCH_INSTALL_HINT } from './torch';

export interface TorchInferRow {
  threads: number;
  /** OPENBLAS_NUM_THREADS of the process (null: OpenBLAS's default). */
  blasThreads: number | null;
  batch: number;
  mode: 'dense' | 'sparse_csr';
  /** Median block's mean µs per call (timeCalls' medianMs × 1000), and the fastest block's. */
  us: number;
  usMin: number;
}

export interface TorchInferResult {
  peer: 'pytorch';
  torch: string;
  rows: TorchInferRow[];
  /** Largest |dense − sparse_csr| over every output of every input, at every batch size and thread count. */
  maxAbsDiff: number;
}

export interface TorchInferOptions {
  sizes: number[];
  activations: string[];
  /** Per layer: the weights as a dense row-major [nOut × nIn] matrix (0 where there is no edge), and the bias. */
  layers: { dense: Float32Array; bias: Float32Array }[];
  /** Row-major [N × sizes[0]]; every batch size must divide N. */
  inputs: Float32Array;
  batches: number[];
  threads: number[];
  blocks: number;
  minBlockMs: number;
}

export type TorchInferRun = { ok: true; result: TorchInferResult; reason?: undefined } | { ok: false; reason: string };

/** Times the network dense and sparse-CSR in PyTorch at each thread count and batch size; never throws. */
export function runTorchInferPeer(opts: TorchInferOptions): TorchInferRun {
  const bad = checkShapes(opts);
  if (bad) return { ok: false, reason: `torch-infer: ${bad}` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, reason: `PyTorch is not installed for ${PYTHON} (as root: ${TORCH_INSTALL_HINT})` };
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-infer-'));
    const net = path.join(dir, 'net.f32'), inputs = path.join(dir, 'inputs.f32');
    fs.writeFileSync(net, Buffer.concat(opts.layers.flatMap(l => [bytes(l.dense), bytes(l.bias)])));
    fs.writeFileSync(inputs, bytes(opts.inputs));
    // One process per thread count t, because OpenBLAS sizes its thread pool from OPENBLAS_NUM_THREADS only when torch
    // loads it (torch.set_num_threads sets OpenMP's alone). OMP_WAIT_POLICY=PASSIVE (also read once, at load) makes
    // libgomp's idle workers sleep instead of spinning: spinning, they fight OpenBLAS's threads for the cores, and on
    // 2 cores torch at 2 threads measured 6–30 ms per batch-256 call against ~1.3 ms passive (~1.5 ms at 1 thread).
    const results: TorchInferResult[] = [];
    for (const t of opts.threads) {
      const run = runProcess(net, inputs, opts, t);
      if (!run.ok) return run;
      results.push(run.result);
    }
    return { ok: true, result: { peer: 'pytorch', torch: results[0].torch, rows: results.flatMap(r => r.rows),
      maxAbsDiff: Math.max(...results.map(r => r.maxAbsDiff)) } };
  } catch (err) {
    return { ok: false, reason: `torch-infer: ${(err as Error).message}` };
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runProcess(net: string, inputs: string, opts: TorchInferOptions, threads: number): TorchInferRun {
  const script = path.join(__dirname, 'torch_infer.py');
  // Each (batch, mode) is an untimed block and `blocks` timed ones of ≥ minBlockMs; the slack covers start-up, the
  // correctness pass and blocks a slow call (dense-density CSR at batch 256: ~7 ms) stretches past minBlockMs.
  const timeout = 120_000 + 10 * (opts.blocks + 1) * Math.max(opts.minBlockMs, 10) * opts.batches.length * 2;
  const run = spawnSync(PYTHON, [script, '--net', net, '--sizes', opts.sizes.join(','), '--activations', opts.activations.join(','),
    '--inputs', inputs, '--batches', opts.batches.join(','), '--threads', String(threads), '--blocks', String(opts.blocks),
    '--min-block-ms', String(opts.minBlockMs)],
  { encoding: 'utf8', timeout, maxBuffer: 16 << 20,
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' } });
  if (run.status !== 0) {
    const why = run.error?.message ?? (run.signal ? `killed by ${run.signal}` : (run.stderr || '').trim().split('\n').pop());
    return { ok: false, reason: `${script} failed: ${why}` };
  }
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, result: JSON.parse(last) as TorchInferResult };
  } catch {
    return { ok: false, reason: `${script} printed no JSON line` };
  }
}

/** The script reads raw little-endian float32; typed arrays are in the platform's order. */
function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function checkShapes(o: TorchInferOptions): string | null {
  if (os.endianness() !== 'LE') return 'float32 files are written in platform order, which is not little-endian here';
  if (o.sizes.length < 2 || o.layers.length !== o.sizes.length - 1 || o.activations.length !== o.layers.length) {
    return `${o.sizes.length} sizes, ${o.layers.length} layers, ${o.activations.length} activations`;
  }
  for (let l = 0; l < o.layers.length; l++) {
    const nIn = o.sizes[l], nOut = o.sizes[l + 1];
    if (o.layers[l].dense.length !== nIn * nOut || o.layers[l].bias.length !== nOut) {
      return `layer ${l}: dense ${o.layers[l].dense.length} / bias ${o.layers[l].bias.length}, expected ${nOut * nIn} / ${nOut}`;
    }
  }
  const n = o.inputs.length / o.sizes[0];
  if (!Number.isInteger(n) || n < 1) return `${o.inputs.length} input values are not rows of ${o.sizes[0]}`;
  const badBatch = o.batches.find(b => !Number.isInteger(b) || b < 1 || n % b !== 0);
  if (badBatch !== undefined) return `batch ${badBatch} does not divide the ${n} inputs`;
  if (o.threads.length === 0 || o.threads.some(t => !Number.isInteger(t) || t < 1)) return `threads ${o.threads.join(',')}`;
  return null;
}
