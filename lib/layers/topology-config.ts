// How a SparseDense layer is told its graph: a generator spec (resolved once nIn is known, at build time) or an
// explicit CSR given as plain arrays, which is what getConfig() emits so a saved model restores the exact graph.
import { validateCsr, type Csr } from '../topology/csr';
import { generate } from '../topology/registry';
import type { TopologySpec } from '../topology/spec';

export interface CsrConfig {
  nIn: number;
  nOut: number;
  /** Plain number[] in configs (JSON); typed arrays are accepted too. */
  rowPtr: ArrayLike<number>;
  colIdx: ArrayLike<number>;
}

export type TopologyConfig = TopologySpec | CsrConfig;

export function isTopologySpec(t: TopologyConfig): t is TopologySpec {
  return typeof (t as TopologySpec).kind === 'string';
}

/** Plain-array copy of a CSR, suitable for a layer config / model.json. */
export function csrToConfig(csr: Csr): { nIn: number; nOut: number; rowPtr: number[]; colIdx: number[] } {
  return { nIn: csr.nIn, nOut: csr.nOut, rowPtr: Array.from(csr.rowPtr), colIdx: Array.from(csr.colIdx) };
}

/** The entries as int32, refusing what Int32Array.from would silently turn into another number ("abc" → 0, 2^32 → 0). */
function int32Entries(a: ArrayLike<number>, what: string): Int32Array {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new Error(`SparseDense: topology ${what}[${i}] is ${JSON.stringify(v)}, not an integer in 0..2^31-1`);
    out[i] = v;
  }
  return out;
}

/** Validated Int32Array CSR from an explicit config (copies, so later edits of the config cannot alias the layer). */
export function csrFromConfig(c: CsrConfig): Csr {
  const csr: Csr = { nIn: c.nIn, nOut: c.nOut, rowPtr: int32Entries(c.rowPtr, 'rowPtr'), colIdx: int32Entries(c.colIdx, 'colIdx') };
  validateCsr(csr);
  return csr;
}

/** The realised graph for an nIn → nOut layer; throws if an explicit CSR has another shape. */
export function resolveTopology(t: TopologyConfig, nIn: number, nOut: number): Csr {
  if (isTopologySpec(t)) return generate(t, nIn, nOut);
  const csr = csrFromConfig(t);
  if (csr.nIn !== nIn || csr.nOut !== nOut) {
    throw new Error(`SparseDense: topology is ${csr.nIn}→${csr.nOut} but the layer is ${nIn}→${nOut}`);
  }
  return csr;
}
