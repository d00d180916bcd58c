// How much more memory this process may use: the smaller of what the machine has available (MemAvailable counts
// reclaimable page cache, which os.freemem() does not) and what its memory cgroup still allows (v2 memory.max, v1
// memory.limit_in_bytes, at every level up to the root). Feasibility checks compare their estimates with this.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function readNumber(file: string): number | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    const n = Number(text);
    return text === 'max' || !Number.isFinite(n) ? undefined : n;
  } catch { return undefined; }
}

/** MemAvailable from /proc/meminfo in bytes, else os.freemem(). */
function machineAvailable(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch { /* not Linux */ }
  return os.freemem();
}

/** Reclaimable page cache a cgroup's usage includes (the kernel drops it before it kills anything). */
function inactiveFile(dir: string, v2: boolean): number {
  try {
    const m = new RegExp(`^${v2 ? 'inactive_file' : 'total_inactive_file'} (\\d+)$`, 'm').exec(fs.readFileSync(path.join(dir, 'memory.stat'), 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

/** The least of limit − (usage − reclaimable cache) over the levels of this process's memory cgroup (v1 or v2). */
function cgroupAvailable(): number {
  let lines: string[];
  try { lines = fs.readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n'); } catch { return Infinity; }
  let best = Infinity;
  for (const line of lines) {
    const [, controllers, group] = line.split(':');
    const v2 = controllers === '';
    if (!v2 && !controllers.split(',').includes('memory')) continue;
    const root = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
    for (let g = group; ; g = path.posix.dirname(g)) {
      const dir = path.join(root, g);
      const limit = readNumber(path.join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'));
      const usage = readNumber(path.join(dir, v2 ? 'memory.current' : 'memory.usage_in_bytes'));
      // v1 reports "no limit" as a huge number (2^63 rounded to pages).
      if (limit !== undefined && usage !== undefined && limit < 2 ** 60) best = Math.min(best, Math.max(0, limit - usage + inactiveFile(dir, v2)));
      if (g === '/' || g === '' || g === '.') break;
    }
  }
  return best;
}

export function availableMemoryBytes(): number {
  return Math.min(machineAvailable(), cgroupAvailable());
}
