// Which code trains a queued run. The coordinator stamps every job with its own version and a worker refuses a job
// stamped by other code, so a store never mixes records of two commits or two dependency sets silently.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { gitCommit, uncommittedChangesHash } from '../../base/git-commit';
import { fromRepoRoot } from '../../base/repo-root';

export interface CodeVersion {
  /** HEAD, with -dirty when tracked code differs from it. */
  commit: string;
  /** Hash of the uncommitted changes ('' when clean): two different dirty trees are different code. */
  changes: string;
  /** Hash of package-lock.json: the same commit over other installed packages is other code too. */
  lockfile: string;
}

let mine: CodeVersion | undefined;

export function thisCodeVersion(): CodeVersion {
  if (!mine) {
    let lockfile = 'none';
    try { lockfile = createHash('sha256').update(fs.readFileSync(fromRepoRoot('package-lock.json'))).digest('hex').slice(0, 12); } catch { /* none */ }
    mine = { commit: gitCommit(), changes: uncommittedChangesHash(), lockfile };
  }
  return mine;
}

export function sameCode(a: CodeVersion | undefined, b: CodeVersion): boolean {
  return a !== undefined && a.commit === b.commit && a.changes === b.changes && a.lockfile === b.lockfile;
}

/** e.g. `commit 0b5e6c3a1f2e, lockfile 4f1c2d3e4a5b` (with `+changes 1a2b…` for a dirty tree). */
export function describeCode(v: CodeVersion | undefined): string {
  if (!v || typeof v.commit !== 'string') return 'unknown code';
  const commit = v.commit.replace(/^([0-9a-f]{12})[0-9a-f]*/, '$1');
  return `commit ${commit}${v.changes ? ` +changes ${v.changes}` : ''}, lockfile ${v.lockfile}`;
}
