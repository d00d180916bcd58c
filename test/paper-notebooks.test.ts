// The paper notebooks end to end in the quick preset: 02 and 03 need no sweep results, 01 reads synthetic quick
// results from a temporary PAPER_RESULTS_DIR; figures go to a temporary FIGURES_DIR (never figures/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { executeNotebook, repoRoot } from '../lib/notebook/jupyter';
import { parseFigureIndex } from '../lib/plot/figure-index';
import { quickResults } from './fixtures/paper-records';

interface Output { output_type: string; data?: Record<string, string | string[]> }

function outputs(notebook: string): { markdown: string; pngs: number } {
  const nb = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: { outputs?: Output[] }[] };
  const all = nb.cells.flatMap(c => c.outputs ?? []);
  return {
    markdown: all.map(o => [o.data?.['text/markdown'] ?? ''].flat().join('')).join('\n'),
    pngs: all.filter(o => o.data?.['image/png'] !== undefined).length,
  };
}

test('notebooks 01-03 run headless on the quick preset', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'paper-nb-'));
  try {
    const results = path.join(dir, 'results');
    mkdirSync(path.join(results, 'quick'), { recursive: true });
    writeFileSync(path.join(results, 'quick', 'results.jsonl'), quickResults().map(r => JSON.stringify(r)).join('\n') + '\n');
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
    assert.equal(construction.pngs, 4 + 2 + 1 + 1); // 4 adjacency maps, 2 degree histograms, metrics, cost table
    assert.match(construction.markdown, /- random: 27,520 of 266,200 connections/);

    const methods = await run('03-methods');
    assert.match(methods.markdown, /Preset `quick`:/);
    assert.match(methods.markdown, /\| train-images-idx3-ubyte \| 47,040,016 \|/);

    const index = parseFigureIndex(readFileSync(path.join(figures, 'README.md'), 'utf8'));
    assert.deepEqual([...new Set(index.map(e => e.notebook))].sort(),
      ['notebooks/01-introduction.ipynb', 'notebooks/02-sparse-construction.ipynb', 'notebooks/03-methods.ipynb']);
    for (const e of index) for (const f of e.files) assert.ok(existsSync(path.join(figures, f)), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
