// A lock file naming its holder (pid, host, start time), so that one process at a time owns a folder. A lock whose
// holder is gone — on this host, its pid dead or reused by another process, or from before a reboot — is stale (a
// crash or SIGKILL leaves one behind) and is taken over; any other lock makes acquireLock throw a LockHeldError whose
// one-line message names the holder. The file appears whole (written aside, then hard-linked into place).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootId, identityOf, isRunning } from './process-identity';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** The holder's /proc start time ('' where unknown): tells a live holder from a new process with its old pid. */
  procStart: string;
  bootId: string;
  command: string;
}

export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(readonly file: string, readonly holder: LockHolder | undefined, message: string) { super(message); }
}

export interface Lock {
  file: string;
  holder: LockHolder;
  /** A stale lock this one replaced, if any (for a notice). */
  replaced?: LockHolder;
  /** Remove the lock file if it is still this process's. Also runs at process exit. */
  release(): void;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(v?.pid) && typeof v.host === 'string' ? v : undefined;
  } catch { return undefined; }
}

/** Whether the holder may still be running: only a holder on this host can be proven dead. */
function mayBeRunning(h: LockHolder): boolean {
  if (h.host !== os.hostname()) return true;
  if (h.bootId && h.bootId !== bootId()) return false;
  return isRunning({ pid: h.pid, start: h.procStart ?? '' });
}

function describe(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host === os.hostname() ? 'this host' : `host ${h.host}`}, since ${h.startedAt}`;
}

/** Link a complete lock file into place; false if one is already there. */
function tryCreate(file: string, holder: LockHolder): boolean {
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, JSON.stringify(holder) + '\n');
  try {
    fs.linkSync(aside, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Move a stale lock out of the way, unless another process replaced it meanwhile (then false). */
function removeStale(file: string, stale: LockHolder): boolean {
  const aside = `${file}.stale.${process.pid}`;
  try { fs.renameSync(file, aside); } catch { return false; }
  const moved = readHolder(aside);
  if (moved?.pid !== stale.pid || moved.startedAt !== stale.startedAt) {
    // Another process took the lock between our read and our rename: put its lock back.
    try { fs.linkSync(aside, file); } catch { /* it made another one already */ }
    fs.rmSync(aside, { force: true });
    return false;
  }
  fs.rmSync(aside, { force: true });
  return true;
}

/**
 * Take the lock at `file` for this process (its folder must exist). `what` names the protected thing in the message,
 * e.g. "results folder data/results/quick".
 */
export function acquireLock(file: string, what: string): Lock {
  const holder: LockHolder = {
    pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), procStart: identityOf(process.pid).start,
    bootId: bootId(), command: process.argv.slice(1).map(a => path.basename(a)).join(' ').slice(0, 200),
  };
  let replaced: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, holder)) {
      const release = () => {
        const now = readHolder(file);
        if (now?.pid === holder.pid && now.startedAt === holder.startedAt) fs.rmSync(file, { force: true });
        process.removeListener('exit', release);
      };
      process.on('exit', release);
      return { file, holder, replaced, release };
    }
    const current = readHolder(file);
    if (current && mayBeRunning(current)) {
      const hint = current.host === os.hostname() ? '' : ` (if nothing runs there, delete ${file})`;
      throw new LockHeldError(file, current, `${what} is in use by ${describe(current)}${hint}`);
    }
    if (!current) {
      // Unreadable: a foreign or damaged file, never one of ours (they appear whole). Leave it to the user.
      throw new LockHeldError(file, undefined, `${what} is locked by ${file}, which names no holder; delete it if no other process uses the folder`);
    }
    if (removeStale(file, current)) replaced = current;
  }
  throw new LockHeldError(file, undefined, `${what}: could not take the lock ${file} (other processes keep taking it)`);
}
