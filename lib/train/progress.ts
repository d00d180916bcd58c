// Training progress: a bar on the terminal, an updating line in a tslab notebook, nothing when asked.
import { progressBar, type Progress } from '../base/progress-bar';
import { inNotebook } from '../base/environment';
import type { EpochMetrics } from './config';

export type ProgressMode = 'auto' | 'terminal' | 'notebook' | 'none';

export interface TrainProgress {
  batch(done: number, info: Record<string, string | number>): void;
  epoch(m: EpochMetrics): void;
  end(): void;
}

export function trainProgress(mode: ProgressMode, label: string, totalBatches: number): TrainProgress {
  const resolved = mode === 'auto' ? (inNotebook() ? 'notebook' : 'terminal') : mode;
  if (resolved === 'none') return { batch() {}, epoch() {}, end() {} };
  if (resolved === 'notebook') return notebookProgress(label, totalBatches);
  const bar: Progress = progressBar(label, totalBatches, 'batches');
  return {
    batch: (done, info) => bar.update(done, info),
    epoch: () => {},
    end: () => bar.stop(),
  };
}

function notebookProgress(label: string, totalBatches: number): TrainProgress {
  // tslab is only loadable inside the kernel; required lazily so the CLI never touches it.
  const tslab = require('tslab') as typeof import('tslab');
  const display = tslab.newDisplay();
  const lines: string[] = [];
  let last = 0;
  const render = (current: string) => display.text([...lines, current].join('\n'));
  return {
    batch(done, info) {
      const now = Date.now();
      if (now - last < 500 && done < totalBatches) return; // a display update costs a kernel message
      last = now;
      const pct = Math.floor((100 * done) / totalBatches);
      const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
      render(`${label} [${bar}] ${pct}% ${Object.entries(info).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    },
    epoch(m) {
      lines.push(`epoch ${m.epoch}: loss ${m.loss.toFixed(4)} train ${(100 * m.trainAccuracy).toFixed(2)}% `
        + `val ${(100 * m.valAccuracy).toFixed(2)}% (${m.seconds.toFixed(1)} s)`);
      render('');
    },
    end() { render('done'); },
  };
}
