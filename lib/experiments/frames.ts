// Results as danfojs DataFrames, for notebooks that want to slice them themselves. The grouping behind every number the
// workspace prints is lib/experiments/summary; these frames only present its rows. danfojs-node is imported lazily:
// loading it takes ~1.5 s, which the CLIs and plain-row users need not pay.
import type { DataFrame } from 'danfojs-node';
import type { StoredResult } from './result-store';
import { flattenResult, type SummaryRow } from './summary';

/** Every run (ok and failed) as a DataFrame with the FlatRecord columns. */
export async function recordsFrame(results: readonly StoredResult[]): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  return new dfd.DataFrame(results.map(flattenResult));
}

/** Summary rows (lib/experiments/summary) as a DataFrame, one row per configuration. */
export async function summaryFrame(rows: readonly SummaryRow[]): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  return new dfd.DataFrame(rows.map(r => ({ ...r })));
}
