// A long command must not outlive the command the user launched. `npm run sweep` is npm → sh -c → the tsx wrapper →
// the real node process; SIGKILL of any wrapper cannot be forwarded, and the real process went on training (a second
// sweep then raced it). So the process polls the chain that launched it — its parent, and above that every node
// process (npm, npx, tsx) and `sh -c` script shell, up to the first other process (the user's shell) — and exits
// as soon as one of them is gone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { identityOf, isRunning, procStat, type ProcessIdentity } from './process-identity';

const SHELLS = new Set(['sh', 'dash', 'bash']);

function isWrapper(pid: number): boolean {
  let exe = '', argv: string[] = [];
  try { exe = fs.readlinkSync(`/proc/${pid}/exe`); } catch { /* not ours to read */ }
  try { argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { /* gone */ }
  if (exe && path.basename(exe) === path.basename(process.execPath)) return true;
  return SHELLS.has(path.basename(argv[0] ?? '')) && argv[1] === '-c';
}

/** The processes that launched `pid`, nearest first (just the parent where /proc is not available). */
export function launcherChain(pid: number = process.pid): ProcessIdentity[] {
  const first = procStat(pid)?.ppid ?? (pid === process.pid ? process.ppid : 0);
  const chain: ProcessIdentity[] = [];
  for (let p = first; p > 1 && chain.length < 32; p = procStat(p)?.ppid ?? 0) {
    if (chain.length > 0 && !isWrapper(p)) break;
    chain.push(identityOf(p));
  }
  return chain;
}

export interface LauncherWatch {
  chain: ProcessIdentity[];
  stop(): void;
}

/**
 * Exit (code 1, after `onExit`) within about `intervalMs` of any launcher's death. The timer is unref'd: it never
 * keeps the process alive. Code that blocks the event loop for long must yield now and then for this to act.
 */
export function exitWithLauncher(opts: { intervalMs?: number; onExit?: (gone: ProcessIdentity) => void } = {}): LauncherWatch {
  const chain = launcherChain();
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? chain[0] : chain.find(p => !isRunning(p));
    if (!gone) return;
    clearInterval(timer);
    try { opts.onExit?.(gone); } finally { process.exit(1); }
  }, opts.intervalMs ?? 500);
  timer.unref();
  return { chain, stop: () => clearInterval(timer) };
}
