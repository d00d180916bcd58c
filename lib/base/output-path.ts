// Checks on a path a command will write, made before the work starts, so a finished run is never lost to an output
// that cannot be written: the target must not be a directory (or a file, for a folder), the folder that will hold it
// must exist (or be creatable below a writable folder), and nothing is written into the kernel's pseudo-filesystems
// (/proc, /sys, /dev): writing there can hang at 100% CPU, or change the system.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kindOf } from './read-file';

export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
// statfs f_type of proc, sysfs, devpts, cgroup, cgroup2, debugfs, tracefs, securityfs: the same file systems mounted
// elsewhere are refused too.
const PSEUDO_FS_TYPES = new Set([0x9fa0, 0x62656572, 0x1cd1, 0x27e0eb, 0x63677270, 0x64626720, 0x74726163, 0x73636673]);

/** The deepest existing path at or above `p` (absolute) and its stats (symlinks followed). */
function nearestExisting(p: string): { at: string; stats: fs.Stats } {
  for (let at = p; ; at = path.dirname(at)) {
    try { return { at, stats: fs.statSync(at) }; } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new OutputPathError(`${p}: a component of the path is not a directory`);
      if (code === 'ELOOP') throw new OutputPathError(`${at}: a symlink loop (too many levels of symbolic links)`);
      if (at === path.dirname(at)) throw err;
    }
  }
}

/** Why `p` lies in a kernel pseudo-filesystem, or undefined when it does not. */
export function pseudoFilesystemOf(p: string): string | undefined {
  const abs = path.resolve(p);
  const { at } = nearestExisting(abs);
  const real = fs.realpathSync(at);
  for (const root of PSEUDO_ROOTS) {
    if (real === root || real.startsWith(`${root}/`) || abs === root || abs.startsWith(`${root}/`)) return `${root} is a kernel pseudo-filesystem`;
  }
  try {
    if (PSEUDO_FS_TYPES.has(Number(fs.statfsSync(real).type))) return `${real} is on a kernel pseudo-filesystem`;
  } catch { /* statfs unsupported here: the path checks above stand */ }
  return undefined;
}

function checkWritableFolder(what: string, target: string, folder: string, create: boolean): void {
  const { at, stats } = nearestExisting(folder);
  if (at !== folder && !create) throw new OutputPathError(`${what} ${target}: folder ${folder} does not exist`);
  if (!stats.isDirectory()) throw new OutputPathError(`${what} ${target}: ${at} is ${kindOf(stats)}, not a folder`);
  try { fs.accessSync(at, fs.constants.W_OK); } catch (err) {
    throw new OutputPathError(`${what} ${target}: folder ${at} is not writable (${(err as NodeJS.ErrnoException).code})`);
  }
}

export interface OutputFileOptions {
  /** An existing file at the target: 'replace' it silently, or 'refuse' (the message then names `overwriteFlag`). */
  existing: 'replace' | 'refuse';
  overwriteFlag?: string;
  /** Missing folders above the target will be created (mkdir -p) by the writer. */
  createFolders?: boolean;
}

/** Throws a one-line OutputPathError unless a regular file can be written at `file`. `what` names it, e.g. '--out'. */
export function checkOutputFile(what: string, file: string, opts: OutputFileOptions): void {
  const abs = path.resolve(file);
  const pseudo = pseudoFilesystemOf(abs);
  if (pseudo) throw new OutputPathError(`${what} ${file}: refusing to write there (${pseudo})`);
  let st: fs.Stats | undefined;
  try { st = fs.statSync(abs); } catch { st = undefined; }
  if (st && !st.isFile()) throw new OutputPathError(`${what} ${file} is ${kindOf(st)}, not a file`);
  if (st && opts.existing === 'refuse') {
    throw new OutputPathError(`${what} ${file} already exists${opts.overwriteFlag ? `; pass ${opts.overwriteFlag} to replace it` : ''}`);
  }
  checkWritableFolder(what, file, path.dirname(abs), opts.createFolders ?? false);
}

/** Throws a one-line OutputPathError unless `dir` is, or can be created (mkdir -p) as, a writable folder. */
export function checkOutputFolder(what: string, dir: string): void {
  const abs = path.resolve(dir);
  const pseudo = pseudoFilesystemOf(abs);
  if (pseudo) throw new OutputPathError(`${what} ${dir}: refusing to write there (${pseudo})`);
  checkWritableFolder(what, dir, abs, true);
}
