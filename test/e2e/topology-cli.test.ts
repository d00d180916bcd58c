import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCsr } from '../../lib/topology/csr';
import { scratchDir } from '../fixtures/scratch';

const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', '..', 'lib', 'cli', 'topology.ts');
const run = (...args: string[]) => spawnSync(TSX, [CLI, ...args], { encoding: 'utf8' });

test('--json last line carries the metrics; --csr writes a valid graph', () => {
  const file = join(scratchDir('topology-'), 'g.json');
  const r = run('--kind', 'regular', '--in', '60', '--out', '20', '--density', '0.1', '--seed', '3', '--json', '--csr', file);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  for (const key of ['kind', 'nIn', 'nOut', 'nnz', 'density', 'spectralGap', 'algebraicConnectivity', 'deadInputs', 'deadOutputs', 'fanIn', 'fanOut']) {
    assert.ok(key in out, key);
  }
  assert.deepEqual([out.kind, out.nIn, out.nOut, out.nnz, out.fanIn.min, out.fanIn.max], ['regular', 60, 20, 120, 6, 6]);
  const g = JSON.parse(readFileSync(file, 'utf8'));
  validateCsr({ nIn: g.nIn, nOut: g.nOut, rowPtr: Int32Array.from(g.rowPtr), colIdx: Int32Array.from(g.colIdx) });
  assert.equal(g.colIdx.length, 120);
});

test('bad input: one line on stderr, exit 2, nothing on stdout', () => {
  for (const args of [['--density', '0'], ['--density', '1.5'], ['--in', '0'], ['--kind', 'hexagonal'], ['--kind', 'random', '--offsets', 'band'], ['--arch', '784,0,10']]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stdout, '');
  }
});
