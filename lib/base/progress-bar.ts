// Progress bars for long work. They draw on stderr so that stdout stays clean for tables and the --json last line;
// off a TTY (CI logs, piped output) they print a plain line at most every few seconds instead of redrawing.
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(label: string, total: number, unit = ''): Progress {
  const tty = Boolean(process.stderr.isTTY);
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}${unit ? ` ${unit}` : ''} | ETA {eta_formatted} {info}`,
    stream: process.stderr,
    noTTYOutput: !tty,
    notTTYSchedule: 5000,
    hideCursor: tty,
    etaBuffer: 50,
  }, Presets.shades_classic);
  bar.start(total, 0, { info: '' });
  return {
    update(done, payload) {
      const info = payload ? Object.entries(payload).map(([k, v]) => `${k}=${v}`).join(' ') : '';
      bar.update(done, { info });
    },
    stop() { bar.stop(); },
  };
}
