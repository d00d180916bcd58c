// Section 6 (lib/paper future, dataset-gap, training-analysis) on synthetic records with hand-computed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  methodComparison, comparisonLines, comparisonGroups, methodFigures, methodGroups, methodTopology, matchingRuns, gapToDense, gapSummary, gapContrastLines, gapFigure,
  meanCurves, curvesAtDensity, trainingLengths, beyondFixedFindings, GraphStatsCache, graphShiftRows, graphShiftCells, finalGapFigure,
} from '../../lib/paper/index';
import type { StoredResult } from '../../lib/experiments/result-store';
import type { SparsityConfig } from '../../lib/sparsity/config';
import { dense, dynamicResults, stored } from '../fixtures/paper-records';

test('methodComparison: dense, the best fixed graph and each method\'s best start graph at one density', () => {
  const [c] = methodComparison(dynamicResults(), 0.05);
  assert.equal(c.arch, '784-300-100-10');
  assert.equal(c.dense.mean, 0.97);
  assert.equal(c.dense.n, 2);
  assert.deepEqual([c.bestFixed!.method, c.bestFixed!.topology, c.bestFixed!.accuracy.mean], ['fixed', 'regular', 0.96]);
  assert.deepEqual(c.dynamic.map(m => [m.method, m.topology, m.accuracy.mean, m.accuracy.n]), [['rigl', 'random', 0.975, 2], ['set', 'random', 0.955, 1]]);
  assert.deepEqual(comparisonLines(c), [
    '784-300-100-10 at 5%: dense 97.00% (n = 2); best fixed graph regular 96.00% (n = 1)',
    'rigl (from random): 97.50% (n = 2), 0.50 pp above dense, within 0.5 pp of dense; 1.50 pp vs the best fixed graph',
    'set (from random): 95.50% (n = 1), 1.50 pp below dense, **not** within 0.5 pp of dense; -0.50 pp vs the best fixed graph',
  ]);
  assert.deepEqual(methodComparison(dynamicResults().filter(r => r.record.config.topology !== 'dense'), 0.05), []);
});

test('methodGroups: per method and start graph at one density, dense first; fixed graphs keep their colour key', () => {
  const groups = methodGroups(dynamicResults(), 0.05);
  assert.deepEqual([...groups.entries()].map(([k, v]) => [k, v.length]),
    [['dense', 2], ['fixed random', 1], ['fixed regular', 1], ['rigl random', 2], ['rigl regular', 1], ['set random', 1]]);
  assert.deepEqual(['dense', 'fixed regular', 'rigl random'].map(methodTopology), ['dense', 'regular', undefined]);
  const [c] = methodComparison(dynamicResults(), 0.05);
  assert.deepEqual([...comparisonGroups(dynamicResults(), c).keys()], ['dense', 'fixed regular', 'rigl random', 'set random']);
});

test('methodFigures: one point per method and start graph, methods in their canonical order, dense as the reference', () => {
  const [fig] = methodFigures(dynamicResults(), 0.05);
  assert.equal(fig.name, 'future-dynamic-accuracy-784-300-100-10-at-0p05');
  const byName = new Map(fig.spec.data.map(t => [t.name as string, t]));
  assert.deepEqual([...byName.keys()], ['random', 'regular', 'dense (97.00%)']);
  assert.deepEqual(byName.get('random')!.x, ['fixed', 'set', 'rigl']);
  assert.deepEqual(byName.get('random')!.y, [0.95, 0.955, 0.975]);
  assert.deepEqual((byName.get('random')!.error_y as { array: number[] }).array, [0, 0, 0]); // one seed each, two for rigl with equal values
  assert.deepEqual(byName.get('regular')!.x, ['fixed', 'rigl']);
  assert.deepEqual((fig.spec.layout.xaxis as { categoryarray: string[] }).categoryarray, ['fixed', 'set', 'rigl']);
  assert.deepEqual(methodFigures(dynamicResults(), 0.5), []);
});

test('dataset gaps: like-for-like runs only, summarised per density, contrasted across datasets', () => {
  const fashion = [stored({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.89), stored({ dataset: 'fashion-mnist', topology: 'random' }, 0.85),
    stored({ dataset: 'fashion-mnist', topology: 'regular' }, 0.86)];
  const mnist = [dense(1, 0.98), dense(2, 0.98, [0.5, 0.9]), stored({ topology: 'random' }, 0.97), stored({ topology: 'regular' }, 0.975),
    stored({ topology: 'random', allocation: 'erdos-renyi' }, 0.5), stored({ topology: 'random', density: 0.05 }, 0.5), stored({ topology: 'random', learningRate: 5e-3 }, 0.5)];
  const like = matchingRuns(mnist, fashion);
  assert.equal(like.length, 4); // both dense seeds, random and regular at 10%; other allocation, density and lr are left out
  const gaps = gapToDense([...like, ...fashion]);
  const summary = gapSummary(gaps);
  assert.deepEqual(summary.map(r => [r.dataset, r.density, +r.meanGap.toFixed(12), +r.moreErrors.toFixed(12), r.worst.topology, r.best.topology]),
    [['fashion-mnist', 0.1, 0.035, 0.318181818182, 'random', 'regular'], ['mnist', 0.1, 0.0075, 0.375, 'random', 'regular']]);
  assert.deepEqual(gapContrastLines(summary), ['784-300-100-10 at 10%: fashion-mnist 3.50 pp (32% more errors), mnist 0.75 pp (38% more errors)']);
  const better = gapSummary(gapToDense([dense(1, 0.9), stored({ topology: 'random' }, 0.95), stored({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.8),
    stored({ dataset: 'fashion-mnist', topology: 'random' }, 0.8)]));
  assert.deepEqual(gapContrastLines(better), ['784-300-100-10 at 10%: fashion-mnist 0.00 pp (0% more errors), mnist -5.00 pp (50% fewer errors)']);
  const fig = gapFigure(gaps, 'gap');
  assert.deepEqual(fig.spec.data.map(t => [t.name, (t.line as { dash: string }).dash]),
    [['random (mnist)', 'solid'], ['regular (mnist)', 'solid'], ['random (fashion-mnist)', 'dash'], ['regular (fashion-mnist)', 'dash']]);
});

test('meanCurves: per-epoch means over the runs that trained that epoch', () => {
  const long = stored({ topology: 'random', seed: 1 }, 0.9, [0.5, 0.7, 0.9]);
  const short = stored({ topology: 'random', seed: 2 }, 0.9, [0.7, 0.9]);
  const [curve] = meanCurves(new Map([['random', [long, short]]]), t => t);
  assert.equal(curve.topology, 'random');
  assert.deepEqual(curve.epochs, [{ epoch: 1, loss: 1, valAccuracy: 0.6 }, { epoch: 2, loss: 0.5, valAccuracy: 0.8 }, { epoch: 3, loss: 1 / 3, valAccuracy: 0.9 }]);
  assert.equal(meanCurves(new Map([['x', [long]]]))[0].topology, undefined);
});

test('curvesAtDensity and trainingLengths: graph classes at one density with dense first; best epochs and runs still improving', () => {
  const results = [stored({ topology: 'random', seed: 1 }, 0.9, [0.5, 0.7]), stored({ topology: 'random', seed: 2 }, 0.9, [0.8, 0.7]),
    stored({ topology: 'regular', density: 0.05 }, 0.9), dense(1, 0.98, [0.9, 0.8]), stored({ topology: 'random', arch: [1000] }, 0.9)];
  const groups = curvesAtDensity(results, '784-300-100-10', 0.1);
  assert.deepEqual([...groups.entries()].map(([k, v]) => [k, v.length]), [['dense', 1], ['random', 2]]);
  assert.deepEqual(trainingLengths(groups), [
    { label: 'dense', runs: 1, meanBestEpoch: 1, stillImproving: 0 },
    { label: 'random', runs: 2, meanBestEpoch: 1.5, stillImproving: 1 },
  ]);
});

test('beyondFixedFindings: the lowest dynamic density and the dataset contrast, or what is missing', () => {
  const fashion = [stored({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.89), stored({ dataset: 'fashion-mnist', topology: 'random' }, 0.85)];
  const mnist = [dense(1, 0.92), stored({ topology: 'random' }, 0.84)];
  assert.equal(beyondFixedFindings(dynamicResults(), mnist, fashion), [
    '- 784-300-100-10 at 5%: dense 97.00% (n = 2); best fixed graph regular 96.00% (n = 1):',
    '  - rigl (from random): 97.50% (n = 2), 0.50 pp above dense, within 0.5 pp of dense; 1.50 pp vs the best fixed graph',
    '  - set (from random): 95.50% (n = 1), 1.50 pp below dense, **not** within 0.5 pp of dense; -0.50 pp vs the best fixed graph',
    '- Gap to dense, MNIST vs Fashion-MNIST (mean over graph classes):',
    '  - 784-300-100-10 at 10%: mnist 8.00 pp (100% more errors), fashion-mnist 4.00 pp (36% more errors)',
  ].join('\n'));
  assert.equal(beyondFixedFindings([], mnist, []), '- Dynamic sparsity: no `dynamic` results yet.\n- Fashion-MNIST: no `fashion` results with an MNIST twin yet.');
});

test('graph shift: start graphs regenerated (cached), final graphs from the record, pruning starts dense', () => {
  const metrics = (spectralGap: number, algebraicConnectivity: number, deadInputs: number) =>
    ({ spectralGap, algebraicConnectivity, deadInputs, deadOutputs: 0, fanIn: { min: 1, mean: 2, max: 3 }, fanOut: { min: 0, mean: 1, max: 4 } });
  const withFinal = (r: StoredResult, layers: ReturnType<typeof metrics>[]) => {
    r.record.layers = r.record.layers.map((l, i) => (layers[i] ? { ...l, finalGraph: layers[i] } : l));
    return r;
  };
  const rigl: SparsityConfig = { method: 'rigl', begin: 0, end: 1.5, updateEvery: 100, dropFraction: 0.3 };
  const runs = [
    dense(1, 0.98),
    stored({ density: 0.05, topology: 'random', seed: 1 }, 0.95),
    stored({ density: 0.05, topology: 'random', seed: 2 }, 0.97),
    withFinal(stored({ density: 0.05, topology: 'random', sparsity: rigl }, 0.975), [metrics(0.4, 0, 60), metrics(0.6, 0.3, 0)]),
    withFinal(stored({ density: 0.05, topology: 'random', sparsity: { method: 'gradual-prune', begin: 0.2, end: 1, updateEvery: 100 } }, 0.98),
      [metrics(0.5, 0.1, 70), metrics(0.2, 0.2, 1)]),
  ];
  const seen: number[] = [];
  const cache = new GraphStatsCache(r => {
    seen.push(r.config.seed);
    const g = r.config.seed === 1 ? 0.5 : 0.7;
    return { spectralGap: g, algebraicConnectivity: g / 10, firstSpectralGap: g, firstAlgebraicConnectivity: g / 10, firstDeadInputs: 2 * r.config.seed };
  });
  const rows = graphShiftRows(methodGroups(runs, 0.05), cache);
  assert.deepEqual(rows.map(r => r.label), ['fixed random', 'gradual-prune random', 'rigl random']);
  assert.deepEqual(rows[0].start, { spectralGap: 0.6, algebraicConnectivity: 0.06, firstDeadInputs: 3 });
  assert.deepEqual(rows[0].final, rows[0].start); // a fixed graph ends where it starts
  assert.equal(rows[1].start, undefined); // pruning starts dense
  assert.deepEqual(rows[1].final, { spectralGap: 0.2, algebraicConnectivity: 0.1, firstDeadInputs: 70 });
  assert.deepEqual(rows[2].start, { spectralGap: 0.5, algebraicConnectivity: 0.05, firstDeadInputs: 2 });
  assert.deepEqual(rows[2].final, { spectralGap: 0.4, algebraicConnectivity: 0, firstDeadInputs: 60 });
  assert.deepEqual(seen, [1, 2], 'each start graph measured once: seed 1 is shared by fixed and rigl');
  assert.deepEqual(graphShiftCells(rows[1]), ['gradual-prune random', '1', '98.00%', 'dense → 0.200', 'dense → 0.100', 'dense → 70.0']);
  const fig = finalGapFigure(runs, 0.05, '784-300-100-10', cache)!;
  assert.deepEqual(fig.spec.data.filter(t => t.mode === 'markers').map(t => [t.name, t.x]),
    [['random', [0.5, 0.7]], ['gradual-prune', [0.2]], ['rigl', [0.4]]]);
});
