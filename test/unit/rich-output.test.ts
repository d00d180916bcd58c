// A computed paragraph travels as markdown, sanitiser-safe HTML and text, so an untrusted notebook still shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownBundle, markdownToHtml } from '../../lib/notebook/rich-output';

test('markdown becomes plain HTML: emphasis, tables, lists and code, no scripts or style attributes', () => {
  assert.equal(markdownToHtml('**dense** 98.04%'), '<p><strong>dense</strong> 98.04%</p>\n');
  assert.equal(markdownToHtml('| a | b |\n| --- | --- |\n| 1 | 2 |'),
    '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody></table>\n');
  assert.equal(markdownToHtml('- `npm run sweep`'), '<ul>\n<li><code>npm run sweep</code></li>\n</ul>\n');
  assert.doesNotMatch(markdownToHtml('| x |\n| :-: |\n| y |'), /<script|style=/);
});

test('one output, three representations of the same paragraph', () => {
  const b = markdownBundle('_Not yet_: no results.');
  assert.deepEqual(Object.keys(b), ['text/markdown', 'text/html', 'text/plain']);
  assert.equal(b['text/plain'], '_Not yet_: no results.');
  assert.equal(b['text/html'], '<p><em>Not yet</em>: no results.</p>\n');
});
