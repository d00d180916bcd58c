// Locality against expansion: the local and small-world classes, the permuted-pixel control and the grids that sweep them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate, expectedNnz } from '../../lib/topology/registry';
import { nearestPixels } from '../../lib/topology/generators/local';
import { generateCirculant } from '../../lib/topology/generators/circulant';
import { networkSpecs } from '../../lib/topology/network';
import { validateCsr, type Csr } from '../../lib/topology/csr';
import { layerMetrics } from '../../lib/topology/metrics';
import { permutePixels, pixelPermutation } from '../../lib/data/permute';
import { densityForConnections, expandGrid } from '../../lib/experiments/grid';
import { presets } from '../../lib/experiments/presets';
import { flattenResult } from '../../lib/experiments/summary';
import { syntheticConfig, syntheticRecord } from '../fixtures/synthetic-record';
import type { Dataset } from '../../lib/data/datasets';

const row = (c: Csr, j: number) => Array.from(c.colIdx.subarray(c.rowPtr[j], c.rowPtr[j + 1]));

test('local: the k pixels nearest each centre, centres spread in raster order; exact on small grids', () => {
  assert.deepEqual(Array.from(nearestPixels(5, 5, 2, 2, 5)), [7, 11, 12, 13, 17]); // the centre and its 4 neighbours
  assert.deepEqual(Array.from(nearestPixels(5, 5, 0, 0, 3)), [0, 1, 5]); // a corner: ties by row, then column
  assert.deepEqual(Array.from(nearestPixels(3, 3, 0, 0, 9)), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const g = generate({ kind: 'local', density: 0.1, seed: 1, inputShape: [28, 28] }, 784, 300);
  validateCsr(g);
  assert.equal(g.colIdx.length, 78 * 300);
  // Output 0's centre is pixel floor(0.5·784/300) = 1 (row 0, column 1): its 78 nearest fill a quarter disc there.
  assert.ok(row(g, 0).every(p => Math.floor(p / 28) <= 8 && p % 28 <= 9), String(row(g, 0)));
  assert.deepEqual(row(g, 0).slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(expectedNnz({ kind: 'local', density: 0.1 }, 784, 300), 78 * 300);
  // Seed-free; and without an input geometry it is the 1-D band, said by its spec having no inputShape.
  assert.deepEqual(generate({ kind: 'local', density: 0.1, seed: 9, inputShape: [28, 28] }, 784, 300), g);
  assert.deepEqual(generate({ kind: 'local', density: 0.1, seed: 1 }, 300, 100), generateCirculant(300, 100, 0.1, 'band'));
  assert.throws(() => generate({ kind: 'local', density: 0.1, seed: 1, inputShape: [27, 28] }, 784, 300), /inputShape must be \[rows, cols\] with rows·cols = 784 inputs/);
});

test('small-world: p = 0 is local, p = 1 random at the same fan-in, in between a share p of edges moved; seeded', () => {
  const spec = (p: number, seed = 1) => ({ kind: 'small-world' as const, density: 0.05, seed, inputShape: [28, 28] as [number, number], options: { rewire: p } });
  const local = generate({ kind: 'local', density: 0.05, seed: 1, inputShape: [28, 28] }, 784, 300);
  assert.deepEqual(generate(spec(0), 784, 300), local);
  const moved = (c: Csr) => { let n = 0; for (let j = 0; j < 300; j++) { const l = new Set(row(local, j)); n += row(c, j).filter(p => !l.has(p)).length; } return n / c.colIdx.length; };
  for (const p of [0.1, 0.3, 1]) {
    const g = generate(spec(p), 784, 300);
    validateCsr(g);
    for (let j = 0; j < 300; j++) assert.equal(g.rowPtr[j + 1] - g.rowPtr[j], 39, 'fan-in kept');
    assert.ok(Math.abs(moved(g) - p * (1 - 39 / 784)) < 0.03, `p=${p}: moved ${moved(g)}`);
  }
  assert.deepEqual(generate(spec(0.3), 784, 300), generate(spec(0.3), 784, 300));
  assert.notDeepEqual(generate(spec(0.3, 2), 784, 300), generate(spec(0.3), 784, 300));
  // Rewiring raises the expansion: the spectral gap grows from the local graph's toward the random one's.
  const gap = (p: number) => layerMetrics(generate(spec(p), 784, 300)).spectralGap;
  assert.ok(gap(0) < gap(0.1) && gap(0.1) < gap(1), `${gap(0)} ${gap(0.1)} ${gap(1)}`);
  assert.throws(() => generate({ ...spec(0), options: { rewire: 1.5 } }, 784, 300), /option rewire must be a number in \[0, 1\] \(got 1\.5\)/);
});

test('networks: only the first layer reads the image; kinds without geometry get no shape', () => {
  const specs = networkSpecs('small-world', [0.1, 0.1, 1], 3, { rewire: 0.1 }, [28, 28]);
  assert.deepEqual(specs.map(s => s.inputShape), [[28, 28], undefined, undefined]);
  assert.equal(networkSpecs('random', [0.1, 1], 3, undefined, [28, 28])[0].inputShape, undefined);
});

test('permuted pixels: one seeded permutation for both splits, the same for every run of a seed', () => {
  const perm = pixelPermutation(4, 1);
  assert.deepEqual([...perm].sort(), [0, 1, 2, 3]);
  const split = { images: Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]), labels: Uint8Array.from([1, 2]), count: 2, rows: 2, cols: 2, features: 4 };
  const data = { name: 'tiny', dir: '/x', numClasses: 10, train: split, test: { ...split, count: 1, images: split.images.slice(0, 4), labels: split.labels.slice(0, 1) }, files: [] } as Dataset;
  const p = permutePixels(data, 1);
  assert.deepEqual(Array.from(p.train.images.subarray(0, 4)), Array.from(perm));
  assert.deepEqual(Array.from(p.train.images.subarray(4)), Array.from(perm, i => 10 + i));
  assert.deepEqual(Array.from(p.test.images), Array.from(perm));
  assert.equal(permutePixels(data, 1), p, 'cached');
  assert.equal(p.name, 'tiny (pixels permuted, seed 1)');
});

test('grids: option and pixel-order axes, budgets instead of densities; labels keep them apart', () => {
  const structure = expandGrid(presets.structure);
  assert.equal(structure.length, 2 * 3 * (1 + 3 * (5 + 6))); // pixel orders × seeds × (dense + densities × (5 classes + 6 small worlds))
  const sw = structure.filter(c => c.topology === 'small-world');
  assert.deepEqual([...new Set(sw.map(c => c.topologyOptions!.rewire))], [0, 0.01, 0.03, 0.1, 0.3, 1]);
  assert.ok(structure.filter(c => c.topology !== 'small-world').every(c => c.topologyOptions === undefined));
  const flat = (c: typeof structure[number]) => flattenResult({ key: 'k', finishedAt: '', record: syntheticRecord(c) });
  assert.deepEqual([flat(sw[4]).topology, flat(sw[4]).dataset], ['small-world p=0.3', 'mnist']);
  assert.equal(flat(structure.find(c => c.permutePixels === 1)!).dataset, 'mnist-permuted');
  // 784-1000-300-10 at the dense 784-300-100-10's 266,200 connections: 24.28% of its sparse positions.
  assert.equal(densityForConnections(syntheticConfig({ arch: [1000, 300] }), 266_200), 0.242804);
  assert.equal(densityForConnections(syntheticConfig({ arch: [10000, 3000] }), 26_620), undefined, 'its dense output layer alone has 30,000');
  assert.equal(expandGrid(presets.width).length, 39);
});
