// Loader for the C++ sparse kernels (build/Release/sparse_kernels.node, built by `npm run install`).
// Per-Csr prepared data (validation, the transposed CSC structure) is cached in a WeakMap keyed by the Csr,
// so callers just pass the Csr; treat a Csr as immutable once it has been handed to the kernels.
import * as path from 'node:path';
import { fromRepoRoot } from '../base/repo-root';
import { nnz, validateCsr, type Csr } from '../topology/csr';
import type { SparseKernels } from './contract';

interface Addon {
  forward(rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, x: Float32Array,
    batch: number, nIn: number, nOut: number): Float32Array;
  backwardInput(rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, dy: Float32Array,
    batch: number, nIn: number, nOut: number, cscPtr: Int32Array, cscRow: Int32Array, cscPerm: Int32Array): Float32Array;
  backwardValues(rowPtr: Int32Array, colIdx: Int32Array, x: Float32Array, dy: Float32Array,
    batch: number, nIn: number, nOut: number): Float32Array;
  info(): NativeInfo;
}

/** What the loaded addon runs on: the SIMD code path picked for this CPU and the thread-pool size. */
export interface NativeInfo {
  isa: string;
  threads: number;
}

// `reason?: undefined` on the ok side: tslab compiles notebooks without strictNullChecks, where `if (!l.ok)` does not narrow
// this union, so `l.reason` must type-check on both sides.
export type NativeLoad = { ok: true; addon: Addon; file: string; reason?: undefined } | { ok: false; reason: string };

const ADDON_FILE = fromRepoRoot('build', 'Release', 'sparse_kernels.node');

let load: NativeLoad | undefined;

/** Loads the addon once per process; never throws (the reason says why it is unavailable). */
export function loadNative(): NativeLoad {
  if (!load) {
    try {
      load = { ok: true, addon: require(ADDON_FILE) as Addon, file: ADDON_FILE };
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      load = { ok: false, reason: (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? `not built (${ADDON_FILE} missing)` : msg };
    }
  }
  return load;
}

/** The transposed structure: for input i, entries cscPtr[i]..cscPtr[i+1] give the output row and the CSR edge. */
export interface Csc {
  cscPtr: Int32Array;
  cscRow: Int32Array;
  cscPerm: Int32Array;
}

export function cscOf(w: Csr): Csc {
  const n = nnz(w);
  const cscPtr = new Int32Array(w.nIn + 1);
  for (let k = 0; k < n; k++) cscPtr[w.colIdx[k] + 1]++;
  for (let i = 0; i < w.nIn; i++) cscPtr[i + 1] += cscPtr[i];
  const next = cscPtr.slice(0, w.nIn);
  const cscRow = new Int32Array(n), cscPerm = new Int32Array(n);
  for (let j = 0; j < w.nOut; j++) {
    for (let k = w.rowPtr[j]; k < w.rowPtr[j + 1]; k++) {
      const at = next[w.colIdx[k]]++;
      cscRow[at] = j;
      cscPerm[at] = k;
    }
  }
  return { cscPtr, cscRow, cscPerm };
}

interface Prepared {
  rowPtr: Int32Array;
  colIdx: Int32Array;
  csc?: Csc;
}

const prepared = new WeakMap<Csr, Prepared>();

// Validated once per structure: the addon trusts the indices, so a bad Csr must be caught here, not in C++.
function prepare(w: Csr): Prepared {
  let p = prepared.get(w);
  if (!p || p.rowPtr !== w.rowPtr || p.colIdx !== w.colIdx) {
    validateCsr(w);
    p = { rowPtr: w.rowPtr, colIdx: w.colIdx };
    prepared.set(w, p);
  }
  return p;
}

function cscCached(w: Csr): Csc {
  const p = prepare(w);
  return (p.csc ??= cscOf(w));
}

/** The native kernels; throws if the addon is not available (see loadNative().reason). */
export function nativeKernels(): SparseKernels {
  const l = loadNative();
  if (!l.ok) throw new Error(`native sparse kernels unavailable: ${l.reason}`);
  const a = l.addon;
  return {
    name: 'native',
    forward(w, values, x, batch) {
      prepare(w);
      return a.forward(w.rowPtr, w.colIdx, values, x, batch, w.nIn, w.nOut);
    },
    backwardInput(w, values, dy, batch) {
      const { cscPtr, cscRow, cscPerm } = cscCached(w);
      return a.backwardInput(w.rowPtr, w.colIdx, values, dy, batch, w.nIn, w.nOut, cscPtr, cscRow, cscPerm);
    },
    backwardValues(w, x, dy, batch) {
      prepare(w);
      return a.backwardValues(w.rowPtr, w.colIdx, x, dy, batch, w.nIn, w.nOut);
    },
  };
}

/** ISA and thread count of the loaded addon, or undefined when it is not available. */
export function nativeInfo(): NativeInfo | undefined {
  const l = loadNative();
  return l.ok ? l.addon.info() : undefined;
}
