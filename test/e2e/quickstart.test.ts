// notebooks/00-quickstart runs headless on the project kernel, from the library's public index alone, and every output
// is of a kind an untrusted notebook shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { executeNotebook } from '../../lib/notebook/jupyter';
import { repoRoot } from '../../lib/base/repo-root';
import { scratchDir } from '../fixtures/scratch';

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]> }

test('the quickstart trains, draws, saves and reloads, prunes, fine-tunes, exports and predicts', { timeout: 300_000 }, async () => {
  const dir = scratchDir('quickstart-');
  try {
    const out = path.join(dir, '00-quickstart.ipynb');
    await executeNotebook(path.join(repoRoot, 'notebooks', '00-quickstart.ipynb'), { output: out, cellTimeout: 240, env: { FIGURES_DIR: path.join(dir, 'figures') } });
    const nb = JSON.parse(readFileSync(out, 'utf8')) as { cells: { source: string[]; outputs?: Output[] }[] };
    const outputs = nb.cells.flatMap(c => c.outputs ?? []);
    const text = outputs.map(o => [o.data?.['text/plain'] ?? o.text ?? ''].flat().join('')).join('\n');
    assert.ok(nb.cells.every(c => !c.source.join('').includes("from '../")), 'only the documented specifier');
    assert.match(text, /\*\*regular at 10%\*\*: test accuracy \d+\.\d\d% after 3 epochs \(native engine\)/);
    assert.match(text, /layer1_regular_9\.9pct/, 'model.summary() names the graph class and density');
    assert.match(text, /The reloaded model predicts the same class as the trained one on 1000 of 1000 test images\./);
    assert.match(text, /Pruned to \d[\d,]* connections and fine-tuned for 2 epochs/);
    assert.match(text, /the predictor classifies \d+\.\d\d% of the 10,000 test images correctly/);
    assert.equal(outputs.filter(o => o.data?.['image/png']).length, 2);
    for (const o of outputs.filter(x => x.data)) assert.ok(o.data!['text/html'] || o.data!['text/plain'] || o.data!['image/png'], Object.keys(o.data!).join());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
