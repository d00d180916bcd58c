// The git commit of the code that is running, as records, benchmarks and sweep queues name it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { repoRoot } from './repo-root';

/**
 * Outputs the workspace writes into tracked files while it works (executed notebooks, figures, appended results,
 * benchmarks): changes there say nothing about the code, and `npm run paper` or a resumed sweep would otherwise
 * always report a dirty checkout.
 */
const OUTPUTS = ['notebooks', 'figures', 'data/results', 'data/bench'];
const CODE_PATHS = ['.', ...OUTPUTS.map(p => `:(exclude)${p}`)];

const git = (args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 << 20 });

let commit: string | undefined;
let changes: string | undefined;

/** HEAD of the checkout, with `-dirty` when tracked files other than OUTPUTS differ from it; 'unknown' outside git. */
export function gitCommit(): string {
  if (commit === undefined) {
    try {
      const changed = git(['status', '--porcelain', '--untracked-files=no', '--', ...CODE_PATHS]).trim();
      commit = git(['rev-parse', 'HEAD']).trim() + (changed ? '-dirty' : '');
    } catch {
      commit = 'unknown';
    }
  }
  return commit;
}

/** A hash of the uncommitted changes to tracked code ('' for a clean checkout), so two dirty trees are told apart. */
export function uncommittedChangesHash(): string {
  if (changes === undefined) {
    try {
      const diff = git(['diff', 'HEAD', '--', ...CODE_PATHS]);
      changes = diff ? createHash('sha256').update(diff).digest('hex').slice(0, 12) : '';
    } catch {
      changes = '';
    }
  }
  return changes;
}
