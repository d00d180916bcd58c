// lib/base/read-file: only regular files, never more than the limit, one line naming the file for every refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathExists, readRegularFile, readRegularTextFile, statRegularFile } from '../../lib/base/read-file';
import { formatBytes } from '../../lib/base/format-bytes';
import { scratchDir } from '../fixtures/scratch';

const tmp = () => scratchDir('read-file-');

test('a regular file is read whole; text as UTF-8', () => {
  const dir = tmp();
  const file = path.join(dir, 'a.txt');
  fs.writeFileSync(file, 'héllo');
  assert.deepEqual(readRegularFile(file, 6), Buffer.from('héllo'));
  assert.equal(readRegularTextFile(file, 100), 'héllo');
  assert.equal(statRegularFile(file).size, 6);
});

test('a file above the limit is refused before it is read, naming size and limit', () => {
  const dir = tmp();
  const file = path.join(dir, 'big.bin');
  fs.writeFileSync(file, Buffer.alloc(2048));
  assert.throws(() => readRegularFile(file, 1024), { message: `${file}: 2.0 KiB, more than the 1.0 KiB this kind of file may have` });
});

test('a FIFO, a device, a directory, a symlink loop and a missing file each get their own one-line reason', () => {
  const dir = tmp();
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const zero = path.join(dir, 'zero');
  fs.symlinkSync('/dev/zero', zero);
  const loop = path.join(dir, 'loop');
  fs.symlinkSync(loop, loop);
  const cases: [string, string][] = [
    [fifo, `${fifo}: is a FIFO (named pipe), not a regular file`],
    [zero, `${zero}: is a character device, not a regular file`],
    [dir, `${dir}: is a directory, not a regular file`],
    [loop, `${loop}: a symlink loop (too many levels of symbolic links)`],
    [path.join(dir, 'nope'), `${path.join(dir, 'nope')}: missing`],
    [path.join(dir, 'nope', 'x'), `${path.join(dir, 'nope', 'x')}: missing`],
  ];
  for (const [file, message] of cases) assert.throws(() => readRegularFile(file, 1 << 20), { name: 'FileReadError', message });
  assert.equal(pathExists(loop), true, 'a symlink loop exists (existsSync says it does not)');
  assert.equal(fs.existsSync(loop), false);
  assert.equal(pathExists(path.join(dir, 'nope')), false);
});

test('formatBytes uses binary units with one decimal', () => {
  assert.deepEqual([0, 1023, 1024, 1536, 2 ** 30, 3 * 2 ** 40].map(formatBytes), ['0 bytes', '1023 bytes', '1.0 KiB', '1.5 KiB', '1.0 GiB', '3.0 TiB']);
});
