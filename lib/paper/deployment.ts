// Small devices: what a sparse 784-300-100-10 costs to store and to run, next to what it scores. Latency and file size
// come from the saved `npm run bench -- infer --out data/bench/infer.json` run (random graphs, every layer at the
// density); accuracy comes from the sweep's random/uniform runs at the same densities (dense output layer kept).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../base/repo-root';
import type { SummaryRow } from '../experiments/summary';
import { lineChart, scatter, type Figure } from '../plot/index';
import { bytes, densityLabel, markdownTable, percent } from './prose';

export const inferBenchFile = path.join(repoRoot, 'data', 'bench', 'infer.json');

export interface InferBenchRow {
  density: number; batch: number; sparseUs: number; tfjsDenseUs: number; bytes: number; denseBytes: number;
  /** ONNX Runtime on the dense network, its faster thread count (absent in runs from before it was the peer). */
  ortDenseUs?: number;
}
export interface InferBench { measuredAt: string; rows: InferBenchRow[] }

export function loadInferBench(file = inferBenchFile): InferBench | null {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as InferBench : null;
}

export interface DeploymentRow {
  density: number;
  batch1Us: number;
  batch256Us: number;
  tfjsDenseBatch1Us: number;
  tfjsDenseBatch256Us: number;
  /** ONNX Runtime (CPU) dense, or null when the benchmark run had no ONNX Runtime. */
  ortDenseBatch1Us: number | null;
  ortDenseBatch256Us: number | null;
  bytes: number;
  denseBytes: number;
  /** Mean test accuracy of the matching sweep configuration, or null when the sweep has none. */
  accuracy: number | null;
}

/** One row per benchmarked density, joined with the 784-300-100-10 random (or dense) uniform summary row. */
export function deploymentRows(bench: InferBench, summary: readonly SummaryRow[]): DeploymentRow[] {
  const at = (density: number, batch: number) => bench.rows.find(r => r.density === density && r.batch === batch);
  const densities = [...new Set(bench.rows.map(r => r.density))].sort((a, b) => a - b);
  return densities.filter(d => at(d, 1) && at(d, 256)).map(density => {
    const one = at(density, 1)!, many = at(density, 256)!;
    const match = summary.find(s => s.dataset === 'mnist' && s.arch === '784-300-100-10' && s.allocation === 'uniform'
      && s.mode === 'sparse' && s.sparsity === 'fixed' && s.density === density
      && s.topology === (density >= 1 ? 'dense' : 'random'));
    return {
      density, batch1Us: one.sparseUs, batch256Us: many.sparseUs, tfjsDenseBatch1Us: one.tfjsDenseUs,
      tfjsDenseBatch256Us: many.tfjsDenseUs, ortDenseBatch1Us: one.ortDenseUs ?? null, ortDenseBatch256Us: many.ortDenseUs ?? null, bytes: one.bytes, denseBytes: one.denseBytes, accuracy: match?.testAccuracyMean ?? null,
    };
  });
}

export function deploymentFigures(rows: readonly DeploymentRow[]): Figure[] {
  const x = rows.map(r => r.density);
  const ort = rows.every(r => r.ortDenseBatch1Us !== null && r.ortDenseBatch256Us !== null);
  const latency = lineChart([
    { name: 'sparse predictor, batch 1', x, y: rows.map(r => r.batch1Us), topology: 'random' },
    { name: 'tfjs-wasm dense, batch 1', x, y: rows.map(r => r.tfjsDenseBatch1Us), topology: 'dense', dash: 'dash' },
    ...(ort ? [{ name: 'ONNX Runtime dense, batch 1', x, y: rows.map(r => r.ortDenseBatch1Us!), topology: 'circulant', dash: 'dash' as const }] : []),
    { name: 'sparse predictor, batch 256 (per example)', x, y: rows.map(r => r.batch256Us / 256), topology: 'regular' },
    { name: 'tfjs-wasm dense, batch 256 (per example)', x, y: rows.map(r => r.tfjsDenseBatch256Us / 256), dash: 'dot' },
    ...(ort ? [{ name: 'ONNX Runtime dense, batch 256 (per example)', x, y: rows.map(r => r.ortDenseBatch256Us! / 256), topology: 'pseudo-random', dash: 'dot' as const }] : []),
  ], {
    name: 'inference-latency-vs-density', title: 'Prediction latency vs fraction of connections (784-300-100-10)',
    caption: `Latency per example of the standalone sparse predictor (native kernels, no tfjs, one thread) and of the same network dense in tfjs-wasm${ort ? ' and in ONNX Runtime (CPU, its faster of 1 and 2 threads)' : ''}, at batch 1 and 256.`,
    xTitle: 'fraction of connections', yTitle: 'µs per example', logX: true, logY: true, xTickformat: '~%',
  });
  const withAccuracy = rows.filter(r => r.accuracy !== null);
  const size = scatter(withAccuracy.map(r => ({ x: r.bytes / 1024, y: r.accuracy!, label: densityLabel(r.density), topology: r.density >= 1 ? 'dense' : 'random' })), {
    name: 'accuracy-vs-model-file-size', title: 'Test accuracy vs model file size',
    caption: 'Mean MNIST test accuracy of 784-300-100-10 (random graphs, uniform allocation) against the size of its compact model file (float32 values).',
    xTitle: 'model file (KiB)', yTitle: 'test accuracy', fit: false,
  });
  return withAccuracy.length ? [latency, size] : [latency];
}

export function deploymentTable(rows: readonly DeploymentRow[]): string {
  const ort = rows.every(r => r.ortDenseBatch1Us !== null && r.ortDenseBatch256Us !== null);
  const vs = (peer: number | null, us: number) => `${(peer! / us).toFixed(1)}×`;
  return markdownTable(['connections', 'batch 1 (µs)', 'vs tfjs dense', ...(ort ? ['vs ONNX Runtime dense'] : []), 'batch 256 (µs)', 'vs tfjs dense',
    ...(ort ? ['vs ONNX Runtime dense'] : []), 'file', 'of dense', 'accuracy'],
  rows.map(r => [densityLabel(r.density), r.batch1Us.toFixed(1), vs(r.tfjsDenseBatch1Us, r.batch1Us), ...(ort ? [vs(r.ortDenseBatch1Us, r.batch1Us)] : []),
    r.batch256Us.toFixed(0), vs(r.tfjsDenseBatch256Us, r.batch256Us), ...(ort ? [vs(r.ortDenseBatch256Us, r.batch256Us)] : []), bytes(r.bytes),
    percent(r.bytes / r.denseBytes, 1), r.accuracy === null ? '—' : percent(r.accuracy)]));
}
