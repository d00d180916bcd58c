// A path taken from a file (a weights manifest, a config) is resolved inside the folder that file belongs to, or
// refused: neither `..`, an absolute path nor a symlink may make the project read something outside that folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
}

/** True when `p` lies strictly below `root` (both absolute). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * The absolute path of `relative` inside `root`. `what` names the entry for the message, e.g.
 * `weightsManifest[0].paths[0]`. A target that does not exist yet is returned as resolved (its reader reports it).
 */
export function resolveInside(root: string, relative: unknown, what: string): string {
  if (typeof relative !== 'string' || relative === '' || relative.includes('\0')) {
    throw new PathEscapeError(`${what} must be a file name inside ${root} (got ${JSON.stringify(relative) ?? String(relative)})`);
  }
  if (path.isAbsolute(relative)) throw new PathEscapeError(`${what} '${relative}' is an absolute path; it must name a file inside ${root}`);
  const base = path.resolve(root);
  const target = path.resolve(base, relative);
  if (!isInside(base, target)) throw new PathEscapeError(`${what} '${relative}' leads outside ${root}`);
  let real: string;
  try { real = fs.realpathSync(target); } catch { return target; }
  const realBase = fs.realpathSync(base);
  if (!isInside(realBase, real)) throw new PathEscapeError(`${what} '${relative}' is a link to ${real}, outside ${root}`);
  return target;
}
