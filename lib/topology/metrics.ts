// Per-layer graph metrics: counts and degree statistics (exact, O(nnz)) plus the two spectral expansion measures.
import { Csr, nnz } from './csr';
import { algebraicConnectivity, spectralGap, SpectralOptions } from './spectral';

export interface DegreeStats { min: number; mean: number; max: number }

export interface DegreeMetrics {
  nIn: number;
  nOut: number;
  nnz: number;
  /** nnz / (nIn·nOut). */
  density: number;
  fanIn: DegreeStats;
  fanOut: DegreeStats;
  /** Inputs with no outgoing edge (their values never reach the layer's output). */
  deadInputs: number;
  /** Outputs with no incoming edge (constant: bias only). */
  deadOutputs: number;
}

export interface LayerMetrics extends DegreeMetrics {
  spectralGap: number;
  algebraicConnectivity: number;
}

/** fanIn[j] = edges into output j. */
export function fanIns(csr: Csr): Int32Array {
  return Int32Array.from({ length: csr.nOut }, (_, j) => csr.rowPtr[j + 1] - csr.rowPtr[j]);
}

/** fanOut[i] = edges out of input i. */
export function fanOuts(csr: Csr): Int32Array {
  const out = new Int32Array(csr.nIn);
  for (let e = 0; e < nnz(csr); e++) out[csr.colIdx[e]]++;
  return out;
}

export function degreeStats(degrees: Int32Array): DegreeStats {
  let min = Infinity, max = -Infinity, sum = 0;
  for (const d of degrees) { min = Math.min(min, d); max = Math.max(max, d); sum += d; }
  return { min, mean: sum / degrees.length, max };
}

const countZeros = (a: Int32Array): number => a.reduce((n, d) => n + (d === 0 ? 1 : 0), 0);

export function degreeMetrics(csr: Csr): DegreeMetrics {
  const fin = fanIns(csr);
  const fout = fanOuts(csr);
  return {
    nIn: csr.nIn, nOut: csr.nOut, nnz: nnz(csr), density: nnz(csr) / (csr.nIn * csr.nOut),
    fanIn: degreeStats(fin), fanOut: degreeStats(fout),
    deadInputs: countZeros(fout), deadOutputs: countZeros(fin),
  };
}

export function layerMetrics(csr: Csr, opts: SpectralOptions = {}): LayerMetrics {
  return { ...degreeMetrics(csr), spectralGap: spectralGap(csr, opts), algebraicConnectivity: algebraicConnectivity(csr, opts) };
}
