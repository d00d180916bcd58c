// Static export through headless Chromium: valid SVG and PNG of the figure's pixel size, byte-identical across runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportFigures } from '../../lib/plot/export';
import { bar } from '../../lib/plot/builders/distribution';
import { pngSize } from '../fixtures/png';
import { scratchDir } from '../fixtures/scratch';

const small = bar([{ label: 'random', value: 1, topology: 'random' }, { label: 'regular', value: 2, topology: 'regular' }],
  { name: 'small-bar', caption: 'Two bars.', yTitle: 'value', width: 320, height: 200 });

test('exportFigures writes <name>.svg and <name>.png in one session; PNG size = layout size × scale', { timeout: 60_000 }, async () => {
  const dir = scratchDir('plot-export-');
  try {
    const other = { ...small, name: 'small-bar-2' };
    const [first, second] = await exportFigures([small, other], dir);
    assert.deepEqual(first.files, [path.join(dir, 'small-bar.svg'), path.join(dir, 'small-bar.png')]);
    assert.deepEqual(second.files, [path.join(dir, 'small-bar-2.svg'), path.join(dir, 'small-bar-2.png')]);
    const svg = readFileSync(first.files[0], 'utf8');
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
    assert.match(svg, /^<svg class="main-svg" height="200" style="" viewBox="0 0 320 200" width="320" /); // attributes in name order
    assert.match(svg, /fill: rgb\(0, 114, 178\)/); // the random topology's house colour on a bar
    const png = readFileSync(first.files[1]);
    assert.deepEqual(pngSize(png), { width: 320, height: 200 });
    assert.deepEqual(Buffer.from(first.png as Uint8Array), png);
    // Same figure, a second browser launch, after another figure: identical bytes in both formats (Plotly's random
    // ids are seeded, attributes canonically ordered), so figures/ diffs only when a figure changes.
    const [, again] = await exportFigures([other, small], path.join(dir, 'again'), ['png', 'svg']);
    assert.equal(readFileSync(again.files[1], 'utf8'), svg);
    assert.deepEqual(Buffer.from(again.png as Uint8Array), png);
    const [twice] = await exportFigures([small], path.join(dir, 'scaled'), ['png'], { scale: 2 });
    assert.deepEqual(pngSize(twice.png as Uint8Array), { width: 640, height: 400 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exportFigures refuses two figures with one name before starting a browser', async () => {
  await assert.rejects(exportFigures([small, small], path.join(tmpdir(), 'never-written')), /two figures named 'small-bar'/);
});
