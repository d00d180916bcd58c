// `npm run paper`: execute every paper notebook (notebooks/NN-*.ipynb) in order, headless and in place,
// stopping with the notebook and cell of the first error. Installs missing Debian packages when run as root.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, printJson } from './args';
import { executeNotebook, repoRoot } from '../notebook/jupyter';
import { debianNeeds, ensureDebianPackages } from '../system/debian';
import { progressBar } from './progress';

const notebooksDir = path.join(repoRoot, 'notebooks');

export function paperNotebooks(): string[] {
  return readdirSync(notebooksDir).filter(f => /^\d\d-.*\.ipynb$/.test(f)).sort().map(f => path.join(notebooksDir, f));
}

runCli({
  usage: 'npm run paper --',
  summary: 'Regenerate the paper: execute notebooks/NN-*.ipynb in order (in place) with the project kernel.',
  flags: {
    timeout: { type: 'int', default: 3600, min: 1, help: 'seconds one cell may run' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
}, async flags => {
  const notebooks = paperNotebooks();
  if (notebooks.length === 0) {
    console.log('not yet: no paper notebooks in notebooks/ (they arrive with the notebooks issue)');
    if (flags.json) printJson({ executed: [] });
    return;
  }
  ensureDebianPackages(debianNeeds.jupyterExecute, 'npm run paper');
  const bar = progressBar('paper', notebooks.length, 'notebooks');
  const executed: { notebook: string; seconds: number }[] = [];
  for (const [i, nb] of notebooks.entries()) {
    const started = Date.now();
    bar.update(i, { now: path.basename(nb) });
    try {
      await executeNotebook(nb, { cellTimeout: flags.timeout });
    } catch (err) {
      bar.stop(); // leave the terminal clean before the one-line error
      throw err;
    }
    executed.push({ notebook: path.relative(repoRoot, nb), seconds: (Date.now() - started) / 1000 });
  }
  bar.update(notebooks.length);
  bar.stop();
  if (flags.json) printJson({ executed });
  else for (const e of executed) console.log(`${e.notebook}: ${e.seconds.toFixed(1)} s`);
});
