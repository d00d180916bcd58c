// Where a result came from: package versions and the git commit of the code that produced it.
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { repoRoot } from '../notebook/jupyter';

let commit: string | undefined;

/** HEAD of the checkout, with `-dirty` when tracked files differ from it; 'unknown' outside git. */
export function gitCommit(): string {
  if (commit === undefined) {
    try {
      const run = (args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      commit = run(['rev-parse', 'HEAD']) + (run(['status', '--porcelain', '--untracked-files=no']) ? '-dirty' : '');
    } catch {
      commit = 'unknown';
    }
  }
  return commit;
}

export function versions(): Record<string, string> {
  return { node: process.version, tfjs: tf.version.tfjs, workspace: require('../../package.json').version };
}
