// Where a result came from: package versions and the git commit of the code that produced it.
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { repoRoot } from '../base/repo-root';

let commit: string | undefined;

/**
 * Outputs the workspace writes into tracked files while it works (executed notebooks, figures, appended results,
 * benchmarks): changes there say nothing about the code, and `npm run paper` or a resumed sweep would otherwise
 * always report a dirty checkout.
 */
const OUTPUTS = ['notebooks', 'figures', 'data/results', 'data/bench'];

/** HEAD of the checkout, with `-dirty` when tracked files other than OUTPUTS differ from it; 'unknown' outside git. */
export function gitCommit(): string {
  if (commit === undefined) {
    try {
      const run = (args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      const changed = run(['status', '--porcelain', '--untracked-files=no', '--', '.', ...OUTPUTS.map(p => `:(exclude)${p}`)]);
      commit = run(['rev-parse', 'HEAD']) + (changed ? '-dirty' : '');
    } catch {
      commit = 'unknown';
    }
  }
  return commit;
}

export function versions(): Record<string, string> {
  return { node: process.version, tfjs: tf.version.tfjs, workspace: require('../../package.json').version };
}
