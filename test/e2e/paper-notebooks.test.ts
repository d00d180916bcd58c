// The paper notebooks end to end in the quick preset: 02 and 03 need no sweep results, 01 and 06 read synthetic
// results (quick, dynamic, fashion, cnn) from a temporary PAPER_RESULTS_DIR; figures go to a temporary FIGURES_DIR (never figures/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { executeNotebook } from '../../lib/notebook/jupyter';
import { repoRoot } from '../../lib/base/repo-root';
import { parseFigureIndex } from '../../lib/plot/figure-index';
import { dynamicResults, quickResults, stored } from '../fixtures/paper-records';
import type { StoredResult } from '../../lib/experiments/result-store';
import type { TrainConfig } from '../../lib/train/config';
import { scratchDir } from '../fixtures/scratch';

interface Output { output_type: string; data?: Record<string, string | string[]> }

// What Classic Notebook shows of a notebook it did not run itself ("Not Trusted"): these as they are, text/html and
// SVG sanitised; everything else, text/markdown included, is dropped.
const SHOWN_UNTRUSTED = ['text/plain', 'text/html', 'image/png', 'image/jpeg', 'image/gif', 'image/svg+xml', 'text/latex'];

function outputs(notebook: string): { markdown: string; pngs: number } {
  const nb = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: { outputs?: Output[] }[] };
  const all = nb.cells.flatMap(c => c.outputs ?? []);
  for (const o of all.filter(x => x.output_type === 'display_data' || x.output_type === 'execute_result')) {
    const types = Object.keys(o.data ?? {});
    assert.ok(types.some(t => SHOWN_UNTRUSTED.includes(t)), `${path.basename(notebook)}: an output only a trusted notebook shows (${types.join(', ')})`);
    if (types.includes('text/markdown')) assert.ok(types.includes('text/html') && types.includes('text/plain'), types.join(', '));
  }
  return {
    markdown: all.map(o => [o.data?.['text/markdown'] ?? ''].flat().join('')).join('\n'),
    pngs: all.filter(o => o.data?.['image/png'] !== undefined).length,
  };
}

test('notebooks 01-03 and 06 run headless on the quick preset', { timeout: 300_000 }, async () => {
  const dir = scratchDir('paper-nb-');
  try {
    const results = path.join(dir, 'results');
    const store = (name: string, runs: StoredResult[]) => {
      mkdirSync(path.join(results, name), { recursive: true });
      writeFileSync(path.join(results, name, 'results.jsonl'), runs.map(r => JSON.stringify(r)).join('\n') + '\n');
    };
    store('quick', quickResults());
    store('dynamic', dynamicResults());
    // Fashion-MNIST with the quick runs' settings, so the MNIST side of the gap comparison is the quick preset.
    store('fashion', [stored({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.89), stored({ dataset: 'fashion-mnist', topology: 'random' }, 0.85)]);
    // LeNet-5 with the dense channel table and with LeCun's, dense fully connected layers.
    const lenet5: Partial<TrainConfig> = { model: 'lenet5', arch: [120, 84], topology: 'dense', density: 1 };
    store('cnn', [stored(lenet5, 0.99, undefined, 406_656), stored({ ...lenet5, channelTopology: 'c3' }, 0.985, undefined, 316_656)]);
    const figures = path.join(dir, 'figures');
    const env = { PAPER_PRESET: 'quick', PAPER_RESULTS_DIR: results, FIGURES_DIR: figures, FIGURES_INTERACTIVE: '0' };
    const run = async (name: string) => {
      const out = path.join(dir, `${name}.ipynb`);
      await executeNotebook(path.join(repoRoot, 'notebooks', `${name}.ipynb`), { output: out, env, cellTimeout: 120 });
      return outputs(out);
    };

    const intro = await run('01-introduction');
    assert.match(intro.markdown, /Results: \*\*3 of 3\*\* runs of preset `quick`/);
    assert.match(intro.markdown, /\*\*784-300-100-10\*\* \(mnist, 1 seed\): test accuracy 92\.00%; 266,610 parameters for 6,000 training images/);
    assert.equal(intro.pngs, 2);

    const construction = await run('02-sparse-construction');
    // 6 adjacency maps, 2 degree histograms, metrics, cost table; a convolution's graph, the C3 table, LeNet-5's costs
    assert.equal(construction.pngs, 6 + 2 + 1 + 1 + 3);
    assert.match(construction.markdown, /- random: 27,520 of 266,200 connections/);
    assert.match(construction.markdown, /- LeNet-5 holds 316,656 connections and 60,806 trainable parameters/);

    const methods = await run('03-methods');
    assert.match(methods.markdown, /Preset `quick`:/);
    assert.match(methods.markdown, /\| train-images-idx3-ubyte \| 47,040,016 \|/);

    const future = await run('06-future-work');
    assert.match(future.markdown, /- `dynamic`: preset `dynamic` is defined; 9 finished runs\./);
    assert.match(future.markdown, /- rigl \(from random\): 97\.50% \(n = 2\), 0\.50 pp above dense, within 0\.5 pp of dense; 1\.50 pp vs the best fixed graph/);
    assert.match(future.markdown, /784-300-100-10 at 10%: mnist 8\.00 pp \(100% more errors\), fashion-mnist 4\.00 pp \(36% more errors\)/);
    assert.match(future.markdown, /\| random \| 1 \| 2\.0 \| 1 of 1 \|/);
    assert.match(future.markdown, /\| fixed regular \| 1 \| 96\.00% \| (\d\.\d{3}) → \1 \|/); // a fixed graph ends where it starts
    assert.match(future.markdown, /\| rigl random \| 2 \| 97\.50% \| \d\.\d{3} → not recorded \|/); // fixtures carry no final graphs
    assert.match(future.markdown, /\*\*784-300-100-10, uniform\*\*: dense 89\.00%; best class per density \(gap to dense\): 10%: random 85\.00% \(-4\.00 pp\)/);
    assert.match(future.markdown, /\| mnist \| c3 \| 316,656 \| [\d,]+ \| 98\.50% ± — \(n = 1\) \| 0\.50 pp \|/);
    // dynamic: accuracy at 5% and 10%, curves, accuracy vs final spectral gap; fashion: accuracy, gap; training
    // analysis: epochs to threshold + curves at 10%; cnn: accuracy frontiers over connections and parameters
    assert.equal(future.pngs, 4 + 2 + 2 + 2);

    const index = parseFigureIndex(readFileSync(path.join(figures, 'README.md'), 'utf8'));
    assert.deepEqual([...new Set(index.map(e => e.notebook))].sort(),
      ['notebooks/01-introduction.ipynb', 'notebooks/02-sparse-construction.ipynb', 'notebooks/03-methods.ipynb', 'notebooks/06-future-work.ipynb']);
    for (const e of index) for (const f of e.files) assert.ok(existsSync(path.join(figures, f)), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
