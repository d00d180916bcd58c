// figures/README.md: a notebook's update replaces its own rows only, and the table survives a round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseFigureIndex, renderFigureIndex, updateFigureIndex, type IndexEntry } from '../../lib/plot/figure-index';
import { scratchDir } from '../fixtures/scratch';

test('render → parse round-trips rows, including pipes in captions, sorted by notebook then name', () => {
  const entries: IndexEntry[] = [
    { name: 'b', caption: 'Second | with a pipe.', notebook: 'notebooks/02.ipynb', files: ['b.svg', 'b.png'] },
    { name: 'a', caption: 'First.', notebook: 'notebooks/02.ipynb', files: ['a.png'] },
    { name: 'z', caption: 'Earlier notebook.', notebook: 'notebooks/01.ipynb', files: ['z.svg'] },
  ];
  const markdown = renderFigureIndex(entries);
  assert.match(markdown, /\| a \| First\. \| notebooks\/02\.ipynb \| \[png\]\(a\.png\) \|/);
  assert.deepEqual(parseFigureIndex(markdown), [entries[2], entries[1], entries[0]]);
});

test('updateFigureIndex replaces one notebook\'s rows and keeps the others\'', () => {
  const dir = scratchDir('plot-index-');
  try {
    const file = updateFigureIndex([
      { name: 'old', caption: 'Dropped on the next update.', files: [path.join(dir, 'old.svg')] },
      { name: 'kept', caption: 'Stays.', files: ['kept.svg'] },
    ], 'nb1.ipynb', dir);
    updateFigureIndex([{ name: 'other', caption: 'From another notebook.', files: [path.join(dir, 'other.png')] }], 'nb2.ipynb', dir);
    updateFigureIndex([{ name: 'kept', caption: 'Stays, new caption.', files: ['kept.svg', 'kept.png'] }], 'nb1.ipynb', dir);
    assert.equal(file, path.join(dir, 'README.md'));
    assert.deepEqual(parseFigureIndex(readFileSync(file, 'utf8')), [
      { name: 'kept', caption: 'Stays, new caption.', notebook: 'nb1.ipynb', files: ['kept.svg', 'kept.png'] },
      { name: 'other', caption: 'From another notebook.', notebook: 'nb2.ipynb', files: ['other.png'] },
    ]);
    // A figure name claimed by another notebook moves there: its files were overwritten by that notebook.
    updateFigureIndex([{ name: 'other', caption: 'Moved.', files: ['other.png'] }], 'nb3.ipynb', dir);
    assert.deepEqual(parseFigureIndex(readFileSync(file, 'utf8')).map(e => `${e.name}@${e.notebook}`), ['kept@nb1.ipynb', 'other@nb3.ipynb']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
