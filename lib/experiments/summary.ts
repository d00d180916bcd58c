// Sweep results as tables: one flat row per run, runs grouped into configurations, and the per-configuration summary
// over seeds (mean/std/n of test accuracy, ...), written as summary.csv next to results.jsonl. This is the one path from
// stored records to grouped results: the results CLI, the summary file and every section of the paper group runs here
// (choosing which of the configuration keys they group by), so "the same configuration" means the same everywhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { meanSd } from '../base/stats';
import type { StoredResult } from './result-store';
import { channelTableLabel, datasetLabel, runArch, sparsityMethodOf, topologyLabel } from './run-fields';

/** One run, flattened: its config fields plus the headline metrics. */
export interface FlatRecord {
  key: string;
  status: 'ok' | 'failed';
  dataset: string;
  /** Full layer sizes, e.g. '784-300-100-10' (a CNN: 'lenet5 6-16 400-120-84-10'). */
  arch: string;
  /** A CNN's C3 channel table ('dense', 'c3', 'random 25%'); '' for an MLP. */
  channelTable: string;
  /** The fully connected layers' graph class. */
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

/** What makes two runs the same configuration (they may differ only in their seed). */
export const GROUP_KEYS = ['dataset', 'arch', 'channelTable', 'topology', 'allocation', 'mode', 'sparsity', 'density'] as const;
export type GroupKey = typeof GROUP_KEYS[number];

/** One configuration over its seeds ('ok' runs only). */
export interface SummaryRow {
  dataset: string;
  arch: string;
  channelTable: string;
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

export function flattenResult({ key, record }: StoredResult): FlatRecord {
  const c = record.config;
  return {
    key, status: record.status, dataset: datasetLabel(c), arch: runArch(record), channelTable: channelTableLabel(c),
    topology: topologyLabel(c), allocation: c.allocation, density: c.density, mode: c.mode,
    sparsity: sparsityMethodOf(c), seed: c.seed,
    testAccuracy: record.testAccuracy, bestEpoch: record.bestEpoch, connections: record.connections,
    params: record.params, wallSeconds: record.wallSeconds,
  };
}

/**
 * Runs grouped by the given configuration keys (all of GROUP_KEYS by default), groups in order of first appearance.
 * Mode is a key although sparse and masked layers train the same network: runs of one seed in both modes are not
 * independent samples, so pooling them would shrink the std. Sparsity (fixed, pruning, SET, RigL) is a key too:
 * methods are compared, never averaged together.
 */
export function groupRuns(results: readonly StoredResult[], keys: readonly GroupKey[] = GROUP_KEYS): Map<string, StoredResult[]> {
  const groups = new Map<string, StoredResult[]>();
  for (const r of results) {
    const flat = flattenResult(r);
    const key = keys.map(k => String(flat[k])).join('|');
    const group = groups.get(key);
    if (group) group.push(r); else groups.set(key, [r]);
  }
  return groups;
}

/** One configuration's row from its runs (all of one configuration; failed runs must be left out by the caller). */
export function summaryRow(runs: readonly StoredResult[]): SummaryRow {
  const flat = runs.map(flattenResult);
  const { dataset, arch, channelTable, topology, allocation, mode, sparsity, density } = flat[0];
  const accuracy = meanSd(flat.map(f => f.testAccuracy));
  return {
    dataset, arch, channelTable, topology, allocation, mode, sparsity, density, n: accuracy.n,
    testAccuracyMean: accuracy.mean, testAccuracyStd: accuracy.sd,
    bestEpochMean: meanSd(flat.map(f => f.bestEpoch)).mean, connectionsMean: meanSd(flat.map(f => f.connections)).mean,
    wallSecondsMean: meanSd(flat.map(f => f.wallSeconds)).mean,
  };
}

/** The 'ok' runs per configuration, one SummaryRow each, sorted by dataset, arch, topology, allocation, mode, sparsity, then density. */
export function summarize(results: readonly StoredResult[]): SummaryRow[] {
  const ok = results.filter(r => r.record.status === 'ok');
  return [...groupRuns(ok).values()].map(summaryRow).sort(compareRows);
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

/** CSV text with a header; a null std is an empty cell. The channelTable column only where a CNN has one. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  const cell = (v: unknown) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const columns = rows.some(r => r.channelTable) ? SUMMARY_COLUMNS : SUMMARY_COLUMNS.filter(c => c !== 'channelTable');
  return [columns.join(','), ...rows.map(r => columns.map(c => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Write summary.csv beside the results file (replacing the previous summary); returns its path. */
export function writeSummaryCsv(resultsFile: string, rows: readonly SummaryRow[]): string {
  const file = path.join(path.dirname(resultsFile), 'summary.csv');
  fs.writeFileSync(file, summaryCsv(rows));
  return file;
}
