// Sweep results as tables: one flat row per run (for DataFrames), and the per-configuration summary over seeds
// (mean/std/n of test accuracy, ...), written as summary.csv next to results.jsonl.
// danfojs-node is imported lazily: loading it takes ~1.5 s, which the sweep CLI and plain-row users need not pay.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataFrame } from 'danfojs-node';
import type { StoredResult } from './result-store';

/** One run, flattened: its config fields plus the headline metrics. */
export interface FlatRecord {
  key: string;
  status: 'ok' | 'failed';
  dataset: string;
  /** Full layer sizes, e.g. '784-300-100-10'. */
  arch: string;
  topology: string;
  allocation: string;
  density: number;
  mode: string;
  /** How the graph evolves during training: 'fixed', or a pruning / dynamic-sparse method. */
  sparsity: string;
  seed: number;
  testAccuracy: number;
  bestEpoch: number;
  connections: number;
  params: number;
  wallSeconds: number;
}

export const GROUP_KEYS = ['dataset', 'arch', 'topology', 'allocation', 'mode', 'sparsity', 'density'] as const;

/** One configuration over its seeds ('ok' runs only). */
export interface SummaryRow {
  dataset: string;
  arch: string;
  topology: string;
  allocation: string;
  mode: string;
  sparsity: string;
  density: number;
  /** Number of 'ok' runs (seeds) averaged. */
  n: number;
  testAccuracyMean: number;
  /** Sample standard deviation (n − 1 denominator); null when n = 1, where it is undefined. */
  testAccuracyStd: number | null;
  bestEpochMean: number;
  connectionsMean: number;
  wallSecondsMean: number;
}

// Both datasets (MNIST, Fashion-MNIST) are 28×28 images in 10 classes.
const INPUTS = 784, CLASSES = 10;

export function flattenResult({ key, record }: StoredResult): FlatRecord {
  const c = record.config;
  return {
    key, status: record.status, dataset: c.dataset, arch: [INPUTS, ...c.arch, CLASSES].join('-'),
    topology: c.topology, allocation: c.allocation, density: c.density, mode: c.mode,
    sparsity: c.sparsity?.method ?? 'fixed', seed: c.seed,
    testAccuracy: record.testAccuracy, bestEpoch: record.bestEpoch, connections: record.connections,
    params: record.params, wallSeconds: record.wallSeconds,
  };
}

/** Every run (ok and failed) as a DataFrame with the FlatRecord columns, for notebooks. */
export async function recordsFrame(results: StoredResult[]): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  return new dfd.DataFrame(results.map(flattenResult));
}

/**
 * Group the 'ok' runs by GROUP_KEYS with danfojs. Mode is a group key although sparse and masked layers train the
 * same network: runs of one seed in both modes are not independent samples, so pooling them would shrink the std.
 * Sparsity (fixed, pruning, SET, RigL) is a group key too: methods are compared, never averaged together.
 * Rows come sorted by dataset, arch, topology, allocation, mode, sparsity, then density ascending.
 */
export async function summarize(results: StoredResult[]): Promise<SummaryRow[]> {
  const ok = results.filter(r => r.record.status === 'ok').map(flattenResult);
  if (ok.length === 0) return [];
  const dfd = await import('danfojs-node');
  const grouped = new dfd.DataFrame(ok).groupby([...GROUP_KEYS]).agg({
    testAccuracy: ['mean', 'std', 'count'], bestEpoch: 'mean', connections: 'mean', wallSeconds: 'mean',
  });
  const rows = dfd.toJSON(grouped) as Record<string, string | number>[];
  return rows.map(r => {
    const n = Number(r.testAccuracy_count);
    return {
      dataset: String(r.dataset), arch: String(r.arch), topology: String(r.topology), allocation: String(r.allocation),
      mode: String(r.mode), sparsity: String(r.sparsity), density: Number(r.density), n,
      testAccuracyMean: Number(r.testAccuracy_mean),
      testAccuracyStd: n > 1 ? Number(r.testAccuracy_std) : null,
      bestEpochMean: Number(r.bestEpoch_mean), connectionsMean: Number(r.connections_mean),
      wallSecondsMean: Number(r.wallSeconds_mean),
    };
  }).sort(compareRows);
}

function compareRows(a: SummaryRow, b: SummaryRow): number {
  for (const k of GROUP_KEYS) {
    if (k === 'density') continue;
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return a.density - b.density;
}

const SUMMARY_COLUMNS: (keyof SummaryRow)[] = [...GROUP_KEYS, 'n', 'testAccuracyMean', 'testAccuracyStd',
  'bestEpochMean', 'connectionsMean', 'wallSecondsMean'];

/** CSV text with a header; a null std is an empty cell. */
export function summaryCsv(rows: SummaryRow[]): string {
  const cell = (v: unknown) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [SUMMARY_COLUMNS.join(','), ...rows.map(r => SUMMARY_COLUMNS.map(c => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Write summary.csv beside the results file (replacing the previous summary); returns its path. */
export function writeSummaryCsv(resultsFile: string, rows: SummaryRow[]): string {
  const file = path.join(path.dirname(resultsFile), 'summary.csv');
  fs.writeFileSync(file, summaryCsv(rows));
  return file;
}
