// What `npm run paper` executes and where the executed notebooks and figures go (kept out of the CLI so tests can
// import it without starting the command).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../base/repo-root';
import { DEFAULT_PAPER_PRESET } from './context';

export const notebooksDir = path.join(repoRoot, 'notebooks');

/** notebooks/NN-*.ipynb in order. */
export function paperNotebooks(dir: string = notebooksDir): string[] {
  return readdirSync(dir).filter(f => /^\d\d-.*\.ipynb$/.test(f)).sort().map(f => path.join(dir, f));
}

export interface OutputPlan {
  /** True: notebooks are overwritten and figures go to figures/ (the committed paper). */
  inPlace: boolean;
  outDir?: string;
  figuresDir?: string;
}

/** In place only for the paper preset with no --out-dir; any other run writes to outDir (default build/paper-<preset>). */
export function outputPlan(preset: string, outDir: string | undefined): OutputPlan {
  if (preset === DEFAULT_PAPER_PRESET && outDir === undefined) return { inPlace: true };
  const dir = path.resolve(repoRoot, outDir ?? path.join('build', `paper-${path.basename(preset).replace(/\.json$/i, '')}`));
  return { inPlace: false, outDir: dir, figuresDir: path.join(dir, 'figures') };
}
