// `npm run run-notebook -- FILE...`: execute notebooks headless in place (or into --out-dir), stopping at the first error.
import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import { statRegularFile } from '../base/read-file';
import { checkInput, runCli, printJson, UsageError } from './args';
import { checkOutputFolder } from '../base/output-path';
import { executeNotebook } from '../notebook/jupyter';
import { debianNeedsFor, ensureDebianPackages } from '../base/debian';

runCli({
  usage: 'npm run run-notebook --',
  positionals: '<notebook.ipynb>...',
  summary: 'Execute notebooks headless with the project tslab kernel (Debian nbclient), in place unless --out-dir is given.',
  flags: {
    'out-dir': { type: 'string', help: 'write executed copies here instead of overwriting the notebooks' },
    timeout: { type: 'int', default: 1800, min: 1, help: 'seconds one cell may run' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
}, async (flags, files) => {
  if (files.length === 0) throw new UsageError('name at least one notebook');
  const missing = files.find(f => !f.endsWith('.ipynb'));
  if (missing) throw new UsageError(`not a notebook file: ${missing}`);
  for (const f of files) checkInput(() => statRegularFile(f));
  if (flags['out-dir']) checkInput(() => checkOutputFolder('--out-dir', flags['out-dir']!));
  // Notebooks export their figures, so they need the browser and the figures' font as well as Jupyter.
  ensureDebianPackages(debianNeedsFor.paper, 'executing notebooks');
  if (flags['out-dir']) mkdirSync(flags['out-dir'], { recursive: true });
  const results: { notebook: string; seconds: number }[] = [];
  for (const file of files) {
    const started = Date.now();
    if (!flags.json) process.stderr.write(`executing ${file} ...\n`);
    const output = flags['out-dir'] ? path.join(flags['out-dir'], path.basename(file)) : undefined;
    await executeNotebook(file, { cellTimeout: flags.timeout, output });
    results.push({ notebook: file, seconds: (Date.now() - started) / 1000 });
    if (!flags.json) console.log(`${file}: ok in ${results[results.length - 1].seconds.toFixed(1)} s`);
  }
  if (flags.json) printJson({ executed: results });
});
