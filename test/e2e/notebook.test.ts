// The project kernel runs notebooks headless and they import lib/ directly; a failing cell is named with its error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { executeNotebook, NotebookError } from '../../lib/notebook/jupyter';
import { scratchDir } from '../fixtures/scratch';

const fixtures = path.join(__dirname, '..', 'fixtures');

function streamText(notebook: string): string[] {
  const nb = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: { outputs?: { text?: string[] }[] }[] };
  return nb.cells.map(c => (c.outputs ?? []).map(o => (o.text ?? []).join('')).join(''));
}

test('smoke notebook imports lib/ and runs headless on the project kernel', { timeout: 120_000 }, async () => {
  const dir = scratchDir('nb-smoke-');
  try {
    const out = path.join(dir, 'smoke.ipynb');
    await executeNotebook(path.join(fixtures, 'smoke.ipynb'), { output: out, cellTimeout: 60 });
    const text = streamText(out);
    assert.equal(text[1], 'nnz=5 rowPtr=0,2,3,5\n');
    assert.match(text[2], /^rng=0\.\d{12}\n$/);
    assert.match(text[3], /^backend=(wasm|tensorflow|cpu) sum=12\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing cell is reported with its notebook, 1-based cell number and error line', { timeout: 120_000 }, async () => {
  const dir = scratchDir('nb-fail-');
  try {
    const out = path.join(dir, 'failing.ipynb');
    await assert.rejects(executeNotebook(path.join(fixtures, 'failing.ipynb'), { output: out, cellTimeout: 60 }), (err: unknown) => {
      assert.ok(err instanceof NotebookError);
      assert.equal(err.cell, 1);
      assert.equal(err.message, 'test/fixtures/failing.ipynb cell 2: Error: deliberate failure boom');
      return true;
    });
    // The partly executed notebook is kept for inspection: the first cell's output is there.
    assert.equal(streamText(out)[0], 'first cell ran\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cell that times out is reported in one line with the timeout, not nbclient\'s source preview', { timeout: 120_000 }, async () => {
  const dir = scratchDir('nb-slow-');
  try {
    await assert.rejects(executeNotebook(path.join(fixtures, 'slow.ipynb'), { output: path.join(dir, 'slow.ipynb'), cellTimeout: 3 }),
      { name: 'Error', message: 'test/fixtures/slow.ipynb cell 2: the cell did not finish within 3 s (raise --timeout)' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
