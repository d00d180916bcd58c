// The folders of lib/ are layers, bottom to top; a module imports only from its own folder or a folder below it, so
// the data flow reads from the folder list: dataset → topology → layer → engine/trainer → result store → summary →
// figure → notebook. A new folder must be placed in LAYERS before any module of it is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const LAYERS = ['base', 'data', 'topology', 'kernels', 'layers', 'optim', 'sparsity', 'engine', 'train', 'experiments', 'infer',
  'notebook', 'plot', 'paper', 'demo', 'bench', 'cli'];
/** lib/*.ts at the top level: the public face a notebook imports; nothing in lib imports it. */
const TOP = 'index';

const lib = path.join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : name.endsWith('.ts') ? [p] : [];
  });
}

/** The lib folder a file belongs to ('index' for lib/*.ts), or null outside lib. */
function folderOf(file: string): string | null {
  const rel = path.relative(lib, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(path.sep);
  const isFolder = parts.length === 1 && !rel.endsWith('.ts') && readdirSync(lib).includes(rel);
  return parts.length === 1 && !isFolder ? TOP : parts[0];
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

function edges(): { from: string; to: string; file: string; spec: string }[] {
  return sources(lib).flatMap(file => [...readFileSync(file, 'utf8').matchAll(IMPORT)].flatMap(m => {
    const target = path.resolve(path.dirname(file), m[1]);
    const to = folderOf(target), from = folderOf(file)!;
    return to === null || to === from ? [] : [{ from, to, file: path.relative(lib, file), spec: m[1] }];
  }));
}

test('every lib folder has a place in the layer order', () => {
  const folders = readdirSync(lib).filter(n => statSync(path.join(lib, n)).isDirectory());
  assert.deepEqual(folders.filter(f => !LAYERS.includes(f)), []);
});

const rank = (f: string) => (f === TOP ? LAYERS.length : LAYERS.indexOf(f));
const upward = (es: ReturnType<typeof edges>) =>
  es.filter(e => e.to === TOP || rank(e.to) > rank(e.from)).map(e => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);

test('modules import only from their own folder or a folder below it; nothing imports the top-level index', () => {
  const found = edges();
  assert.ok(found.length > 50, 'imports between folders are found at all');
  assert.deepEqual(upward(found), []);
});

test('the rule reports an import that reaches up, or into the public index', () => {
  assert.deepEqual(upward([
    { from: 'data', to: 'paper', file: 'data/x.ts', spec: '../paper/y' },
    { from: 'paper', to: 'data', file: 'paper/y.ts', spec: '../data/x' },
    { from: 'cli', to: TOP, file: 'cli/z.ts', spec: '../index' },
  ]), ['data/x.ts imports ../paper/y (data → paper)', 'cli/z.ts imports ../index (cli → index)']);
});
