// Figures in a notebook: showAll in a headless-executed tslab notebook exports svg+png to $FIGURES_DIR,
// records them in the index under the notebook's name and leaves the PNG in the saved notebook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { executeNotebook } from '../../lib/notebook/jupyter';
import { parseFigureIndex } from '../../lib/plot/figure-index';
import { interactiveHtml } from '../../lib/plot/display';
import { bar } from '../../lib/plot/builders/distribution';
import { pngSize } from '../fixtures/png';
import { scratchDir } from '../fixtures/scratch';

interface Output { output_type: string; data?: Record<string, string | string[]>; text?: string | string[] }

test('showAll in a notebook: files, index row and an image/png output', { timeout: 120_000 }, async () => {
  const dir = scratchDir('plot-nb-');
  try {
    const out = path.join(dir, 'plot.ipynb');
    const figures = path.join(dir, 'figures');
    await executeNotebook(path.join(__dirname, '..', 'fixtures', 'plot.ipynb'),
      { output: out, cellTimeout: 90, env: { FIGURES_DIR: figures, FIGURES_INTERACTIVE: '0' } });
    const outputs = (JSON.parse(readFileSync(out, 'utf8')) as { cells: { outputs?: Output[] }[] }).cells[1].outputs ?? [];
    const images = outputs.filter(o => o.output_type === 'display_data' && o.data?.['image/png'] !== undefined);
    assert.equal(images.length, 1);
    const png = Buffer.from([images[0].data?.['image/png'] ?? ''].flat().join(''), 'base64');
    assert.deepEqual(pngSize(png), { width: 320, height: 200 });
    assert.equal(outputs.filter(o => o.output_type === 'stream').map(o => [o.text ?? ''].flat().join('')).join(''), '2\n');
    assert.ok(existsSync(path.join(figures, 'notebook-bar.svg')));
    assert.deepEqual(readFileSync(path.join(figures, 'notebook-bar.png')), png);
    assert.deepEqual(parseFigureIndex(readFileSync(path.join(figures, 'README.md'), 'utf8')), [{
      name: 'notebook-bar', caption: 'Two bars from a notebook.', notebook: 'test/fixtures/plot.ipynb', files: ['notebook-bar.svg', 'notebook-bar.png'],
    }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('interactiveHtml: a sized div and a newPlot call whose JSON cannot close the script element', () => {
  const fig = bar([{ label: '</script><b>x', value: 1 }], { name: 'html-bar', caption: 'Escaping.', yTitle: 'v', width: 300, height: 200 });
  const html = interactiveHtml(fig, 'plot-html-bar-1');
  assert.match(html, /^<div id="plot-html-bar-1" style="width:300px;height:200px">Interactive figure 'html-bar': trust the notebook/);
  assert.equal(html.match(/<\/script>/g)?.length, 1);
  const call = /newPlot\(el, (.*?), (\{.*\}), \{ displaylogo: false \}\);/.exec(html);
  assert.ok(call, html);
  assert.deepEqual(JSON.parse(call[1]), fig.spec.data);
  assert.deepEqual(JSON.parse(call[2]), fig.spec.layout);
});
