// Section 5.4 on synthetic results: the rewiring curve, class gaps paired by seed, r within density with a seeded
// bootstrap interval, width at a budget, and the findings that state them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classGaps, gapCorrelations, rewireCurve, structureFindings, structureInBrief, structureSection, widthPoints, sectionFigures, GraphStatsCache } from '../../lib/paper/index';
import { stored, dense } from '../fixtures/paper-records';
import type { StoredResult } from '../../lib/experiments/result-store';
import type { TrainConfig } from '../../lib/train/config';

// Graph stats by class: local and the band poor expanders, random/regular good ones; accuracies chosen by hand.
const GAP: Record<string, number> = { local: 0.1, circulant: 0.05, random: 0.6, regular: 0.65, 'small-world': 0.3 };
const cache = new GraphStatsCache(r => {
  const g = GAP[r.config.topology] + (r.config.topologyOptions ? Number(r.config.topologyOptions.rewire) / 2 : 0);
  return { spectralGap: g, algebraicConnectivity: g, firstSpectralGap: g, firstAlgebraicConnectivity: g, firstDeadInputs: 0 };
});
const run = (c: Partial<TrainConfig>, acc: number): StoredResult => stored({ density: 0.05, ...c }, acc);
const results: StoredResult[] = [1, 2].flatMap(seed => [
  run({ topology: 'circulant', seed }, 0.97 + seed * 0.001), run({ topology: 'random', seed }, 0.95),
  run({ topology: 'local', seed }, 0.975), run({ topology: 'regular', seed }, 0.951),
  run({ topology: 'circulant', seed, permutePixels: 1 }, 0.94), run({ topology: 'random', seed, permutePixels: 1 }, 0.95),
  run({ topology: 'local', seed, permutePixels: 1 }, 0.939), run({ topology: 'regular', seed, permutePixels: 1 }, 0.952),
  ...[0, 0.1, 1].map(p => run({ topology: 'small-world', seed, topologyOptions: { rewire: p } }, 0.975 - 0.02 * p)),
]);

test('the rewiring curve: mean accuracy per dataset, density and p', () => {
  assert.deepEqual(rewireCurve(results).map(c => [c.dataset, c.density, c.p, +c.accuracy.mean.toFixed(4), c.accuracy.n]),
    [['mnist', 0.05, 0, 0.975, 2], ['mnist', 0.05, 0.1, 0.973, 2], ['mnist', 0.05, 1, 0.955, 2]]);
});

test('class gaps are paired by seed; the permuted control reverses the band\'s lead', () => {
  const band = classGaps(results, 'circulant', 'random');
  assert.deepEqual(band.map(b => [b.dataset, +b.gap.mean.toFixed(4), b.gap.n]), [['mnist', 0.0215, 2], ['mnist-permuted', -0.01, 2]]);
  assert.ok(Math.abs(band[0].gap.sd! - Math.sqrt(((0.021 - 0.0215) ** 2 + (0.022 - 0.0215) ** 2) / 1)) < 1e-12);
});

test('r(spectral gap, accuracy) within a density, with a seeded bootstrap interval', () => {
  const [orig, perm] = gapCorrelations(results, cache);
  assert.equal(orig.n, 14); // 8 fixed classes + 6 small-world runs
  assert.ok(orig.r < -0.8 && orig.high < 0, `ordered pixels: ${JSON.stringify(orig)}`);
  assert.ok(perm.r > 0.9 && perm.low > 0, `permuted: ${JSON.stringify(perm)}`);
  assert.deepEqual(gapCorrelations(results, cache), [orig, perm], 'the same seed, the same interval');
});

test('findings and section: the table, the three lines, and the figures; what is missing is said', () => {
  const width = [dense(1, 0.984), stored({ arch: [1000, 300], density: 0.2428, topology: 'random' }, 0.986, undefined, 266_190)];
  const text = structureFindings(results, width, cache);
  assert.match(text, /\| mnist \| 5% \| 2\.15 pp ± 0\.07 pp \| 2\.50 pp ± 0\.00 pp \| -0\.\d{3} \[-\d\.\d{3}, -0\.\d{3}\] \| 14 \|/);
  assert.match(text, /- With the pixels in order, expansion and accuracy within a density: MNIST 5%: r = -0\.\d\d \(interval (below|spans) 0\)\./);
  assert.match(text, /- What locality is worth to the local graph \(its lead over random, ordered → permuted pixels\): MNIST 5%: 2\.50 pp → -1\.10 pp\./);
  assert.match(text, /- What locality is worth to the circulant band \(its lead over random, ordered → permuted pixels\): MNIST 5%: 2\.15 pp → -1\.00 pp\./);
  assert.match(text, /best sparse network is 784-1000-300-10 random: 98\.60% against dense 784-300-100-10's 98\.40% \(0\.20 pp\)/);
  assert.deepEqual(widthPoints(width).map(p => p.arch), ['784-300-100-10', '784-1000-300-10']);
  assert.deepEqual(sectionFigures(structureSection(results, [], width, cache)).map(f => f.name),
    ['structure-accuracy-vs-rewiring', 'structure-accuracy-vs-spectral-gap-mnist-at-0p05', 'structure-accuracy-vs-spectral-gap-mnist-permuted-at-0p05', 'structure-width-at-fixed-budget']);
  assert.match(structureFindings([], [], cache), /^_Not yet: no `structure` results/);
  assert.match(structureInBrief(results, cache), /^- Locality: the local graph's lead over random graphs, pixels as they are → permuted: MNIST 5%: 2\.50 pp → -1\.10 pp\.\n- Expansion once locality is removed \(permuted pixels\), r\(spectral gap, accuracy\) within a density: MNIST 5% 0\.\d\d \[/);
});
