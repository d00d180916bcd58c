// Issue #13, items 8, 10 and 12: a command whose output cannot be written, or whose sizes cannot fit, fails before the
// work (before loading data, training or printing), with one line; nothing is written under /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const dir = scratchDir('output-guards-');
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
// Data that would fail to load: a command that gets as far as loading data says "missing" instead of its own reason.
const noData = { MNIST_DIR: path.join(dir, 'no-data') };

test('train: infeasible sizes and unwritable --save are refused before loading data', { timeout: 120_000 }, async () => {
  const existing = path.join(dir, 'existing-file');
  fs.writeFileSync(existing, 'keep');
  const cases: [string[], RegExp][] = [
    [['--batch', '1e9'], /^train: 784-300-100-10 random at 10%, sparse mode, batch 1000000000: needs about 17\.4 TiB of memory \(27,520 connections\) but .* is available$/],
    [['--arch', '100000,100000', '--topology', 'dense', '--density', '1'], /^train: 784-100000-100000-10 dense, sparse mode, batch 128: layer 2 \(100000→100000\): topology: 100000x100000 would have 10,000,000,000 edges, more than the 2\^31-1 a CSR indexes$/],
    [['--save', existing], new RegExp(`^train: --save ${existing}: ${existing} is a regular file, not a folder$`)],
    [['--save', '/proc/x'], /^train: --save \/proc\/x: refusing to write there \(\/proc is a kernel pseudo-filesystem\)$/],
    [['--density', '-1'], /^train: --density must be > 0 \(got -1\)$/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runCli('train', ['--epochs', '1', ...args], noData);
    assert.match(r.stderr.trimEnd(), pattern);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
  }
  assert.equal(fs.readFileSync(existing, 'utf8'), 'keep');
});

test('topology, bench and export: outputs are checked before anything is generated, run or printed', { timeout: 120_000 }, async () => {
  const modelDir = path.join(dir, 'model');
  fs.mkdirSync(modelDir);
  fs.writeFileSync(path.join(modelDir, 'model.json'), '{}'); // never read: the output is refused first
  const cases: [string, string[], RegExp][] = [
    ['topology', ['--csr', '/nonexistent/x.json'], /^topology: --csr \/nonexistent\/x\.json: folder \/nonexistent does not exist$/],
    ['topology', ['--csr', '/proc/self/x.json'], /^topology: --csr \/proc\/self\/x\.json: refusing to write there \(\/proc is a kernel pseudo-filesystem\)$/],
    ['topology', ['--csr', dir], new RegExp(`^topology: --csr ${dir} is a directory, not a file$`)],
    ['topology', ['--kind', 'dense', '--in', '46341', '--out', '46340'], /^topology: generating and measuring these graphs needs about 64\.0 GiB but .* is available$/],
    ['topology', ['--in', '2000000'], /^topology: --in must be <= 1048576 \(got 2000000\)$/],
    ['topology', ['--density', '-1'], /^topology: --density must be > 0 \(got -1\)$/],
    ['bench', ['kernels', '--quick', '--out', '/proc/x/y.json'], /^bench: --out \/proc\/x\/y\.json: refusing to write there \(\/proc is a kernel pseudo-filesystem\)$/],
    ['export', ['--model', modelDir, '--out', '/proc/x.spff'], /^export: --out \/proc\/x\.spff: refusing to write there \(\/proc is a kernel pseudo-filesystem\)$/],
  ];
  for (const [cli, args, pattern] of cases) {
    const r = await runCli(cli, args);
    assert.match(r.stderr.trimEnd(), pattern, `${cli} ${args.join(' ')}`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '', `${cli} ${args.join(' ')} printed nothing`);
  }
});
