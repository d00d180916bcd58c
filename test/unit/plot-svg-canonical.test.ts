// canonicalSvg: attribute order is the only thing it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalSvg } from '../../lib/plot/svg-canonical';

test('two serialisations that differ only in attribute order become the same bytes', () => {
  const a = '<svg class="main-svg" width="320" style="" viewBox="0 0 320 200"><clipPath id="c1" class="axesclip"><rect x="0" y="1"/></clipPath></svg>';
  const b = '<svg class="main-svg" width="320" viewBox="0 0 320 200" style=""><clipPath class="axesclip" id="c1"><rect y="1" x="0"/></clipPath></svg>';
  const want = '<svg class="main-svg" style="" viewBox="0 0 320 200" width="320"><clipPath class="axesclip" id="c1"><rect x="0" y="1"/></clipPath></svg>';
  assert.equal(canonicalSvg(a), want);
  assert.equal(canonicalSvg(b), want);
});

test('text, closing tags, escaped markup in values and namespaced names pass through', () => {
  const svg = '<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"><text data-unformatted="a &lt;b&gt; c" x="2">1 &lt; 2 &amp; x="3"</text><g/></svg>';
  assert.equal(canonicalSvg(svg),
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><text data-unformatted="a &lt;b&gt; c" x="2">1 &lt; 2 &amp; x="3"</text><g/></svg>');
  assert.equal(canonicalSvg(canonicalSvg(svg)), canonicalSvg(svg));
});
