// `npm run paper`: execute every paper notebook (notebooks/NN-*.ipynb) in order, headless, stopping with the notebook
// and cell of the first error. The default preset ('paper') executes the notebooks IN PLACE and regenerates figures/;
// any other preset (e.g. the quick end-to-end check) writes executed copies and figures to --out-dir instead, so a
// quick run never overwrites the committed notebooks. Installs missing Debian packages when run as root.
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { checkInput, runCli, printJson } from './args';
import { exitWithLauncher } from '../base/exit-with-launcher';
import { checkOutputFolder } from '../base/output-path';
import { executeNotebook } from '../notebook/jupyter';
import { repoRoot } from '../base/repo-root';
import { debianNeedsFor, ensureDebianPackages } from '../base/debian';
import { progressBar } from '../base/progress-bar';
import { resolveGrid, type ResolvedGrid } from '../experiments/presets';
import { planSweep, runSweep } from '../experiments/sweep';
import { DEFAULT_PAPER_PRESET, missingResultsMessage } from '../paper/context';
import { outputPlan, paperNotebooks } from '../paper/pipeline';
import { FUTURE_RESULT_SETS } from '../paper/future';
import { STRUCTURE_RESULT_SETS } from '../paper/structure';
import { defaultResultsDir } from '../experiments/result-store';

/**
 * Make sure the preset has results. A quick preset's missing runs are always trained (it takes about a minute);
 * other presets' only with --run-missing, else a required preset with no results at all stops with the line that says
 * what to run, and an optional one (section 6's) is reported and left to the notebook, which says what is missing.
 */
async function ensureResults(grid: ResolvedGrid, resultsDir: string, runMissing: boolean, log: (line: string) => void, optional = false): Promise<void> {
  const plan = planSweep(grid, resultsDir);
  for (const warning of plan.warnings) log(`paper: warning: ${warning}`);
  const done = plan.runs.length - plan.pending.length;
  if (plan.pending.length === 0) return;
  if (runMissing || grid.name === 'quick') {
    log(`paper: training ${plan.pending.length} missing run(s) of preset '${grid.name}' first (${done} already done)`);
    const report = await runSweep(plan, { showProgress: true });
    if (report.failed > 0) throw new Error(`${report.failed} run(s) of preset '${grid.name}' failed; see ${path.relative(repoRoot, plan.resultsFile)}`);
    return;
  }
  if (done === 0 && !optional) throw new Error(missingResultsMessage(grid.name, plan.resultsFile));
  log(`paper: preset '${grid.name}' has ${done} of ${plan.runs.length} runs; the notebooks show the partial results`
    + (optional ? ' (--run-missing trains the rest)' : ''));
}

runCli({
  usage: 'npm run paper --',
  summary: 'Regenerate the paper: execute notebooks/NN-*.ipynb in order with the project kernel (in place for the paper preset).',
  flags: {
    preset: { type: 'string', default: DEFAULT_PAPER_PRESET, help: 'results the notebooks read (PAPER_PRESET): paper | quick | a grid .json' },
    'run-missing': { type: 'boolean', help: "train the preset's missing runs first (always done for quick); for paper also those of dynamic, fashion, cnn, structure, structure-fashion and width" },
    'out-dir': { type: 'string', help: 'write executed notebooks and figures here (default: in place for paper, build/paper-<preset>/ otherwise)' },
    'results-dir': { type: 'string', help: 'sweep results root (PAPER_RESULTS_DIR; default data/results)' },
    timeout: { type: 'int', default: 3600, min: 1, help: 'seconds one cell may run' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'Examples:  npm run paper   |   npm run paper -- --preset quick   |   npm run paper -- --preset paper --run-missing --json',
}, async flags => {
  exitWithLauncher();
  const grid = checkInput(() => resolveGrid(flags.preset));
  const out = outputPlan(flags.preset, flags['out-dir']);
  if (out.outDir) checkInput(() => checkOutputFolder('--out-dir', out.outDir!));
  if (flags['results-dir']) checkInput(() => checkOutputFolder('--results-dir', flags['results-dir']!));
  const notebooks = paperNotebooks();
  if (notebooks.length === 0) throw new Error('no paper notebooks (notebooks/NN-*.ipynb) found');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureDebianPackages(debianNeedsFor.paper, 'npm run paper', log);
  const resultsDir = flags['results-dir'] ? path.resolve(flags['results-dir']) : defaultResultsDir;
  await ensureResults(grid, resultsDir, flags['run-missing'], log);
  // Sections 5 and 6 also read the dynamic-sparsity, Fashion-MNIST, CNN and structure presets next to the paper preset's.
  if (grid.name === DEFAULT_PAPER_PRESET) {
    for (const name of [...FUTURE_RESULT_SETS, ...STRUCTURE_RESULT_SETS]) await ensureResults(resolveGrid(name), resultsDir, flags['run-missing'], log, true);
  }

  const env: NodeJS.ProcessEnv = {
    // A grid file is passed by absolute path: the kernels run from the repository root, not from here.
    PAPER_PRESET: existsSync(flags.preset) ? path.resolve(flags.preset) : flags.preset, PAPER_RESULTS_DIR: resultsDir,
    ...(out.figuresDir ? { FIGURES_DIR: out.figuresDir } : {}),
  };
  if (out.outDir) mkdirSync(out.outDir, { recursive: true });
  const bar = progressBar('paper', notebooks.length, 'notebooks');
  const executed: { notebook: string; output: string; seconds: number }[] = [];
  for (const [i, nb] of notebooks.entries()) {
    const started = Date.now();
    bar.update(i, { now: path.basename(nb) });
    const output = out.outDir ? path.join(out.outDir, path.basename(nb)) : nb;
    try {
      await executeNotebook(nb, { cellTimeout: flags.timeout, env, output });
    } catch (err) {
      bar.stop(); // leave the terminal clean before the one-line error
      throw err;
    }
    executed.push({ notebook: path.relative(repoRoot, nb), output: path.relative(repoRoot, output), seconds: (Date.now() - started) / 1000 });
  }
  bar.update(notebooks.length);
  bar.stop();
  const figures = path.relative(repoRoot, out.figuresDir ?? path.join(repoRoot, 'figures'));
  if (flags.json) printJson({ preset: flags.preset, figures, executed });
  else {
    for (const e of executed) console.log(`${e.output}: ${e.seconds.toFixed(1)} s`);
    console.log(`figures: ${figures}/ (index: ${figures}/README.md)${existsSync(path.join(repoRoot, figures)) ? '' : ' — none written'}`);
  }
});
