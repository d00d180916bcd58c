// Native kernels == TypeScript kernels == a dense float64 reference, over seeded random shapes chosen to hit
// the edge cases: empty rows, nIn/nOut = 1, batch 1 and small-batch paths, batches off the SIMD width, density 1,
// and shapes large enough to run on the thread pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { makeRng, type Rng } from '../../lib/base/random';
import { csrFromRows, nnz, rowIndices, type Csr } from '../../lib/topology/csr';
import type { SparseKernels } from '../../lib/kernels/contract';
import { typescriptKernels } from '../../lib/kernels/typescript';
import { cscOf, loadNative, nativeKernels } from '../../lib/kernels/native';
import { nativeRequired, skippedWithoutNative } from '../fixtures/native';

interface Case { nIn: number; nOut: number; batch: number; density: number; emptyRows?: boolean }

const fixedCases: Case[] = [
  { nIn: 1, nOut: 1, batch: 1, density: 1 },
  { nIn: 1, nOut: 7, batch: 5, density: 1 },
  { nIn: 13, nOut: 1, batch: 3, density: 0.5 },
  { nIn: 37, nOut: 19, batch: 1, density: 0.3, emptyRows: true },
  { nIn: 37, nOut: 19, batch: 2, density: 0.3, emptyRows: true },
  { nIn: 50, nOut: 40, batch: 21, density: 1 },
  { nIn: 64, nOut: 33, batch: 17, density: 0.2, emptyRows: true },
  { nIn: 29, nOut: 31, batch: 129, density: 0.4 },   // one full 128-sample tile + a 1-sample tail
  { nIn: 45, nOut: 12, batch: 200, density: 0.25, emptyRows: true },
  { nIn: 784, nOut: 300, batch: 1, density: 1 },     // threaded small-batch path
  { nIn: 784, nOut: 300, batch: 128, density: 0.1 }, // LeNet layer 1, threaded
  { nIn: 300, nOut: 100, batch: 257, density: 0.5, emptyRows: true },
];

function randomCases(rng: Rng, n: number): Case[] {
  const pick = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  return Array.from({ length: n }, () => ({
    nIn: pick(1, 120), nOut: pick(1, 120), batch: pick(1, 70), density: [0.01, 0.1, 0.5, 1][pick(0, 3)],
    emptyRows: rng() < 0.5,
  }));
}

function randomCsr(rng: Rng, c: Case): Csr {
  const rows: number[][] = [];
  for (let j = 0; j < c.nOut; j++) {
    const row: number[] = [];
    if (!(c.emptyRows && rng() < 0.2)) for (let i = 0; i < c.nIn; i++) if (rng() < c.density) row.push(i);
    rows.push(row);
  }
  return csrFromRows(c.nIn, rows);
}

function randomArray(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

// Dense float64 reference: W as an nOut×nIn matrix, then plain matmuls.
function dense(w: Csr, values: Float32Array): Float64Array {
  const m = new Float64Array(w.nOut * w.nIn);
  for (let j = 0; j < w.nOut; j++) for (let k = w.rowPtr[j]; k < w.rowPtr[j + 1]; k++) m[j * w.nIn + w.colIdx[k]] = values[k];
  return m;
}

function denseForward(w: Csr, values: Float32Array, x: Float32Array, batch: number): Float64Array {
  const m = dense(w, values), y = new Float64Array(batch * w.nOut);
  for (let b = 0; b < batch; b++) for (let j = 0; j < w.nOut; j++) {
    let s = 0;
    for (let i = 0; i < w.nIn; i++) s += x[b * w.nIn + i] * m[j * w.nIn + i];
    y[b * w.nOut + j] = s;
  }
  return y;
}

function denseBackwardInput(w: Csr, values: Float32Array, dy: Float32Array, batch: number): Float64Array {
  const m = dense(w, values), dx = new Float64Array(batch * w.nIn);
  for (let b = 0; b < batch; b++) for (let i = 0; i < w.nIn; i++) {
    let s = 0;
    for (let j = 0; j < w.nOut; j++) s += dy[b * w.nOut + j] * m[j * w.nIn + i];
    dx[b * w.nIn + i] = s;
  }
  return dx;
}

// dW = dYᵀ·X densely, read at the edges.
function denseBackwardValues(w: Csr, x: Float32Array, dy: Float32Array, batch: number): Float64Array {
  const rows = rowIndices(w), dv = new Float64Array(nnz(w));
  for (let k = 0; k < dv.length; k++) {
    let s = 0;
    for (let b = 0; b < batch; b++) s += dy[b * w.nOut + rows[k]] * x[b * w.nIn + w.colIdx[k]];
    dv[k] = s;
  }
  return dv;
}

function assertClose(actual: Float32Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 0, err = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
  }
  assert.ok(err <= 1e-5 * Math.max(scale, 1e-30), `${what}: max error ${err} vs max magnitude ${scale}`);
}

function checkKernels(kernels: SparseKernels, cases: Case[], seed: number): void {
  cases.forEach((c, n) => {
    const rng = makeRng(seed, `case${n}`);
    const w = randomCsr(rng, c);
    const values = randomArray(rng, nnz(w));
    const x = randomArray(rng, c.batch * c.nIn), dy = randomArray(rng, c.batch * c.nOut);
    const label = `${kernels.name} ${c.nIn}→${c.nOut} batch ${c.batch} density ${c.density} nnz ${nnz(w)}`;
    assertClose(kernels.forward(w, values, x, c.batch), denseForward(w, values, x, c.batch), `${label} forward`);
    assertClose(kernels.backwardInput(w, values, dy, c.batch), denseBackwardInput(w, values, dy, c.batch), `${label} backwardInput`);
    assertClose(kernels.backwardValues(w, x, dy, c.batch), denseBackwardValues(w, x, dy, c.batch), `${label} backwardValues`);
  });
}

const cases = [...fixedCases, ...randomCases(makeRng(7, 'shapes'), 40)];
const native = loadNative();
const nativeMissing = `native addon not available (${native.reason})`;

test('the native addon loads (required under CI: SPARSE_REQUIRE_NATIVE=1)', t => {
  if (!nativeRequired && !native.ok) return t.skip(nativeMissing);
  assert.ok(native.ok, nativeMissing);
});

test('TypeScript kernels match the dense reference', () => {
  checkKernels(typescriptKernels, cases, 1);
});

test('native kernels match the dense reference', t => {
  if (skippedWithoutNative(t, native.ok, nativeMissing)) return;
  checkKernels(nativeKernels(), cases, 1);
});

test('native kernels give the same results on repeated calls (scratch reuse, thread pool)', t => {
  if (skippedWithoutNative(t, native.ok, nativeMissing)) return;
  const k = nativeKernels(), rng = makeRng(3, 'repeat');
  const w = randomCsr(rng, { nIn: 300, nOut: 100, batch: 256, density: 0.3 });
  const values = randomArray(rng, nnz(w)), dy = randomArray(rng, 256 * 100);
  const first = k.backwardInput(w, values, dy, 256);
  for (let i = 0; i < 5; i++) assert.deepEqual(k.backwardInput(w, values, dy, 256), first);
});

test('cscOf lists every edge once, by input, with rows ascending', () => {
  const w = randomCsr(makeRng(5, 'csc'), { nIn: 30, nOut: 20, batch: 1, density: 0.3, emptyRows: true });
  const { cscPtr, cscRow, cscPerm } = cscOf(w), rows = rowIndices(w);
  assert.equal(cscPtr[w.nIn], nnz(w));
  assert.deepEqual([...cscPerm].sort((a, b) => a - b), Array.from({ length: nnz(w) }, (_, k) => k));
  for (let i = 0; i < w.nIn; i++) {
    for (let e = cscPtr[i]; e < cscPtr[i + 1]; e++) {
      assert.equal(w.colIdx[cscPerm[e]], i);
      assert.equal(rows[cscPerm[e]], cscRow[e]);
      if (e > cscPtr[i]) assert.ok(cscRow[e] > cscRow[e - 1]);
    }
  }
});

test('native kernels reject bad shapes and invalid structures instead of reading out of bounds', t => {
  if (skippedWithoutNative(t, native.ok, nativeMissing)) return;
  const k = nativeKernels();
  const w = csrFromRows(3, [[0, 2], [1]]);
  const values = new Float32Array(3);
  assert.throws(() => k.forward(w, values, new Float32Array(5), 2), /x: length 5, expected 6/);
  assert.throws(() => k.forward(w, new Float32Array(2), new Float32Array(6), 2), /values: length 2/);
  assert.throws(() => k.backwardValues(w, new Float32Array(6), new Float32Array(3), 2), /dy: length 3/);
  const bad: Csr = { nIn: 3, nOut: 2, rowPtr: Int32Array.from([0, 2, 3]), colIdx: Int32Array.from([0, 7, 1]) };
  assert.throws(() => k.forward(bad, values, new Float32Array(6), 2), /out of range/);
});

// Runs a snippet in a fresh process (kernel selection is decided once per process).
function runChild(code: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], {
    cwd: path.join(__dirname, '..', '..'), env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('SPARSE_KERNELS selects the implementation and rejects unknown values', () => {
  const show = "const k = require('./lib/kernels/index.ts'); console.log(JSON.stringify(k.kernelSelection()))";
  const ts = runChild(show, { SPARSE_KERNELS: 'typescript' });
  assert.equal(ts.status, 0, ts.stderr);
  assert.equal(JSON.parse(ts.stdout).name, 'typescript');
  const bogus = runChild(show, { SPARSE_KERNELS: 'fortran' });
  assert.notEqual(bogus.status, 0);
  assert.match(bogus.stderr, /SPARSE_KERNELS must be 'native' or 'typescript'/);
  if (native.ok) {
    const auto = runChild(show, { SPARSE_KERNELS: '' });
    assert.equal(auto.status, 0, auto.stderr);
    assert.equal(JSON.parse(auto.stdout).name, 'native');
  }
});

test('a process that used the thread pool exits promptly and cleanly, with or without process.exit', t => {
  if (skippedWithoutNative(t, native.ok, nativeMissing)) return;
  const work = "const { nativeKernels } = require('./lib/kernels/native.ts'); const { csrFromRows } = require('./lib/topology/csr.ts');" +
    "const w = csrFromRows(500, Array.from({ length: 400 }, () => Array.from({ length: 500 }, (_, i) => i)));" +
    "const y = nativeKernels().forward(w, new Float32Array(200000).fill(1), new Float32Array(256 * 500).fill(1), 256);" +
    "console.log(y[0]);";
  for (const tail of ['', 'process.exit(0);']) {
    const r = runChild(work + tail, { SPARSE_THREADS: '2' });
    assert.equal(r.status, 0, `exit status with '${tail}': ${r.stderr}`);
    assert.equal(r.stdout.trim(), '500');
  }
});
