// Which process a pid is right now, on Linux: a pid alone is reused after its process dies, so a lock or a watcher
// also keeps the process's start time (/proc/PID/stat field 22, clock ticks since boot) and the boot id. Elsewhere the
// start time is '' and only the pid's existence is checked.
import * as fs from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  /** Start time from /proc, '' where /proc is not available. */
  start: string;
}

export interface ProcStat {
  state: string;
  ppid: number;
  start: string;
}

/** State, parent and start time of `pid`, or undefined when there is no such process (or no /proc). */
export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try { text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return undefined; }
  // "pid (comm) state ppid ..." — comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]), start: fields[19] ?? '' };
}

/** /proc/sys/kernel/random/boot_id, '' where unavailable: a lock from before a reboot names no live process. */
export function bootId(): string {
  try { return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { return ''; }
}

export function identityOf(pid: number): ProcessIdentity {
  return { pid, start: procStat(pid)?.start ?? '' };
}

/** True while the process is running: the pid exists, is not a zombie, and (where known) started when it did. */
export function isRunning(id: ProcessIdentity): boolean {
  try { process.kill(id.pid, 0); } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const st = procStat(id.pid);
  if (!st) return !fs.existsSync('/proc/self/stat'); // no /proc at all: the signal check is all there is
  return st.state !== 'Z' && (id.start === '' || st.start === id.start);
}
