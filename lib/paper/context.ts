// Which results a paper notebook reads. PAPER_PRESET names the sweep (default 'paper'; 'quick' for the fast end-to-end
// check) and PAPER_RESULTS_DIR where its results live (default data/results), so `npm run paper -- --preset quick` and
// the tests can point every notebook at another result store without editing a notebook.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { displayPath, repoRoot } from '../base/repo-root';
import { runsOfGrid, type GridSpec } from '../experiments/grid';
import { resolveGrid } from '../experiments/presets';
import { defaultResultsDir, loadResults, resultsFileFor, type StoredResult } from '../experiments/result-store';
import { summarize, type SummaryRow } from '../experiments/summary';

export const DEFAULT_PAPER_PRESET = 'paper';

export function paperPreset(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAPER_PRESET || DEFAULT_PAPER_PRESET;
}

/** PAPER_RESULTS_DIR (relative paths from the repository root) or data/results. */
export function paperResultsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAPER_RESULTS_DIR ? path.resolve(repoRoot, env.PAPER_RESULTS_DIR) : defaultResultsDir;
}

export interface PaperResults {
  preset: string;
  grid: GridSpec;
  resultsFile: string;
  /** The 'ok' runs (failed runs carry no metrics). */
  results: StoredResult[];
  /** Per-configuration mean/sd over seeds of the ok runs. */
  summary: SummaryRow[];
  /** Runs the grid defines: results.length < expectedRuns means the sweep is partial. */
  expectedRuns: number;
  failedRuns: number;
  /** Stored runs that are not part of the current grid (ignored). */
  outsideGrid: number;
  /** Lines skipped while loading (unreadable, or a record with a bad field) and keys stored twice, with line numbers. */
  warnings: string[];
}

/** The one line a notebook (or npm run paper) prints when a preset has no results yet. */
export function missingResultsMessage(preset: string, resultsFile: string): string {
  return `no results for preset '${preset}' at ${displayPath(resultsFile)}: `
    + `run \`npm run sweep -- --preset ${preset}\` (or \`npm run paper -- --preset ${preset} --run-missing\`)`;
}

export class MissingResultsError extends Error {}

export interface PaperResultsOptions {
  preset?: string;
  resultsDir?: string;
}

/** Load the preset's results; throws MissingResultsError (one line) when the file is missing or holds no ok run. */
export async function loadPaperResults(opts: PaperResultsOptions = {}): Promise<PaperResults> {
  const preset = opts.preset ?? paperPreset();
  const { name, grid } = resolveGrid(preset); // a grid file's results folder is named after the file
  const resultsFile = resultsFileFor(opts.resultsDir ?? paperResultsDir(), name);
  const loaded = loadResults(resultsFile);
  const { runs: inGrid, outside, planned } = runsOfGrid(loaded.results, grid);
  const results = inGrid.filter(r => r.record.status === 'ok');
  if (!existsSync(resultsFile) || results.length === 0) throw new MissingResultsError(missingResultsMessage(preset, resultsFile));
  // The name, not the argument: notebooks key settings and captions by it.
  return {
    preset: name, grid, resultsFile, results, summary: await summarize(results),
    expectedRuns: planned, failedRuns: inGrid.length - results.length, outsideGrid: outside,
    warnings: loaded.warnings,
  };
}

/** One sentence on what the figures below rest on (and whether the sweep is complete), for the top of a notebook. */
export function coverageNote(r: Pick<PaperResults, 'preset' | 'results' | 'expectedRuns' | 'failedRuns' | 'resultsFile'>
  & Partial<Pick<PaperResults, 'outsideGrid' | 'warnings'>>): string {
  const partial = r.results.length < r.expectedRuns;
  const warnings = r.warnings ?? [];
  return `Results: **${r.results.length} of ${r.expectedRuns}** runs of preset \`${r.preset}\``
    + ` (\`${displayPath(r.resultsFile)}\`)`
    + (r.failedRuns ? `, ${r.failedRuns} failed run(s) left out` : '')
    + (r.outsideGrid ? `, ${r.outsideGrid} stored run(s) of an earlier version of the grid ignored` : '')
    + (partial ? '. **The sweep is incomplete**: curves with missing points or seeds are provisional.' : '.')
    + (warnings.length ? ` **${warnings.length} line(s) of the results file were skipped or doubtful** (first: \`${warnings[0]}\`;`
      + ` \`npm run results -- --preset ${r.preset}\` lists them all).` : '');
}

/** loadPaperResults, or undefined when the preset has no results yet (for sections that only cite them in passing). */
export async function tryLoadPaperResults(opts: PaperResultsOptions = {}): Promise<PaperResults | undefined> {
  try {
    return await loadPaperResults(opts);
  } catch (err) {
    if (err instanceof MissingResultsError) return undefined;
    throw err;
  }
}
