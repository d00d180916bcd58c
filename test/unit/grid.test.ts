import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandGrid, type GridSpec } from '../../lib/experiments/grid';
import { GRID_DEFAULTS, parseGridSpec } from '../../lib/experiments/grid-validate';
import { presets, resolveGrid } from '../../lib/experiments/presets';
import { scratchDir } from '../fixtures/scratch';

const small: GridSpec = {
  datasets: ['mnist'], archs: [[300, 100], [1000]], topologies: ['random', 'regular', 'circulant'],
  densities: [0.1, 0.5, 1], allocations: ['uniform', 'erdos-renyi'], modes: ['sparse'], seeds: [1, 2],
  epochs: 2, batchSize: 64, learningRate: 1e-3, validationFraction: 0.1, denseOutput: true, trainLimit: 1000,
};

test('expandGrid: sparse combinations plus ONE dense net per (seed, arch) for all density-1 entries', () => {
  const configs = expandGrid(small);
  // per seed: 784-300-100-10 has 3 topologies × 2 sparse densities × 2 allocations = 12 sparse runs; 784-1000-10 with a
  // dense output layer has one sparse layer, where erdos-renyi equals uniform, so 3 × 2 = 6; + 1 dense net per arch
  assert.equal(configs.length, 2 * (12 + 1 + 6 + 1));
  const wide = configs.filter(c => c.arch.length === 1 && c.density < 1);
  assert.ok(wide.every(c => c.allocation === 'uniform'), 'allocation that changes nothing collapses to uniform');
  assert.equal(expandGrid({ ...small, denseOutput: false }).filter(c => c.arch.length === 1 && c.allocation === 'erdos-renyi').length,
    2 * 3 * 2, 'with a sparse output layer, 784-1000-10 has two layers to allocate between');
  const dense = configs.filter(c => c.density === 1);
  assert.equal(dense.length, 4);
  for (const c of dense) { assert.equal(c.topology, 'dense'); assert.equal(c.allocation, 'uniform'); }
  assert.ok(configs.every(c => c.topology !== 'dense' || c.density === 1));
  assert.equal(configs[0].trainLimit, 1000);
  assert.ok(!('earlyStopPatience' in configs[0]), 'absent optional settings stay absent');
});

test('expandGrid: a dense topology means the dense net at any density; order is stable with seed outermost', () => {
  const configs = expandGrid({ ...small, archs: [[300, 100]], topologies: ['dense', 'random'], densities: [0.1, 0.2], allocations: ['uniform'] });
  assert.deepEqual(configs.map(c => `${c.seed}:${c.topology}@${c.density}`),
    ['1:dense@1', '1:random@0.1', '1:random@0.2', '2:dense@1', '2:random@0.1', '2:random@0.2']);
  assert.deepEqual(expandGrid(small), expandGrid(small));
});

test('presets: quick is 3 runs, paper is 258', () => {
  assert.equal(expandGrid(presets.quick).length, 3);
  // per seed: 784-300-100-10 dense + 4 topologies × 7 densities × 2 allocations; 784-1000-10 (dense output: one sparse
  // layer, allocation has no effect) dense + 4 × 7
  assert.equal(expandGrid(presets.paper).length, 3 * ((1 + 4 * 7 * 2) + (1 + 4 * 7)));
  assert.equal(presets.paper.validationFraction * 60000, 5000);
});

test('parseGridSpec accepts a valid grid over the defaults and names every bad field at once', () => {
  assert.deepEqual(parseGridSpec(JSON.parse(JSON.stringify(small))), { ...GRID_DEFAULTS, ...small });
  const bad = (patch: Record<string, unknown>) => () => parseGridSpec({ ...small, ...patch });
  assert.throws(bad({ densities: [0.1, 1.5] }), /^Error: densities\[1\] must be a number in \(0, 1\] \(got 1\.5\)$/);
  assert.throws(bad({ topologies: ['random', 'ramanujan'] }), /topologies\[1\] must be one of dense, random, regular, circulant, pseudo-random/);
  assert.throws(bad({ archs: [[300, 0]] }), /^Error: archs\[0\]\[1\] must be an integer in 1..1048576 \(got 0\)$/);
  assert.throws(bad({ archs: [[2 ** 21]] }), /^Error: archs\[0\]\[0\] must be an integer in 1..1048576 \(got 2097152\)$/);
  assert.throws(bad({ seeds: [] }), /seeds must be a non-empty array/);
  assert.throws(bad({ denseOutput: 'yes' }), /denseOutput must be true or false/);
  assert.throws(bad({ trainLimit: 0.5 }), /trainLimit must be an integer >= 1/);
  assert.throws(bad({ density: [0.1] }), /density is not a grid field/);
  // Only the axes it varies: the rest is the single default run (the paper's recipe, 784-300-100-10, random 10%).
  const varied = parseGridSpec({ topologies: ['random', 'circulant'], densities: [0.05, 0.1] });
  assert.deepEqual(varied, { ...GRID_DEFAULTS, topologies: ['random', 'circulant'], densities: [0.05, 0.1] });
  assert.deepEqual([GRID_DEFAULTS.archs, GRID_DEFAULTS.epochs, GRID_DEFAULTS.learningRate, GRID_DEFAULTS.learningRateSchedule, GRID_DEFAULTS.denseOutput],
    [[[300, 100]], 20, 2e-3, 'cosine', true]);
  assert.throws(() => parseGridSpec({ densites: [0.1], seeds: [], epochs: 0 }),
    { message: /^densites is not a grid field \(known: .*\); seeds must be a non-empty array \(got \[\]\); epochs must be an integer >= 1 \(got 0\)$/ });
  assert.throws(() => parseGridSpec([1]), /the grid must be a JSON object/);
});

test('resolveGrid: presets by name, grid files by path, one-line errors otherwise', () => {
  assert.equal(resolveGrid('paper').grid, presets.paper);
  const dir = scratchDir('grid-');
  const file = path.join(dir, 'my-grid.json');
  fs.writeFileSync(file, JSON.stringify(small));
  assert.deepEqual(resolveGrid(file), { name: 'my-grid', grid: { ...GRID_DEFAULTS, ...small } });
  assert.throws(() => resolveGrid('papr'), /unknown preset 'papr' \(known: quick, paper/);
  assert.throws(() => resolveGrid(path.join(dir, 'missing.json')), { message: `cannot read grid file ${path.join(dir, 'missing.json')}: missing` });
  const folder = path.join(dir, 'folder.json');
  fs.mkdirSync(folder);
  assert.throws(() => resolveGrid(folder), { message: `cannot read grid file ${folder}: is a directory, not a regular file` });
  const fifo = path.join(dir, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => resolveGrid(fifo), { message: `cannot read grid file ${fifo}: is a FIFO (named pipe), not a regular file` });
  fs.writeFileSync(file, '{"datasets": [');
  assert.throws(() => resolveGrid(file), /is not valid JSON/);
  fs.writeFileSync(file, JSON.stringify({ ...small, batchSize: 0 }));
  assert.throws(() => resolveGrid(file), /my-grid\.json: batchSize must be an integer >= 1 \(got 0\)$/);
});
