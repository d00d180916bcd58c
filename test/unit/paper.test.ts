// lib/paper: the pure functions behind the paper notebooks, on synthetic records with hand-computed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  loadPaperResults, MissingResultsError, coverageNote, tryLoadPaperResults, denseBaselineRows, trainExamples, baselineFindings,
  demoGraphs, networkCosts, costFindings, accuracyPanels, accuracyFigures, resultsFindings, exampleSettings, exampleConfigs, disagreements,
  predictionCells, exampleFindings, marginalGains, gainsFindings, correlationAtEqualDensity, residualPoints, graphKey, graphStats,
  GraphStatsCache, focusDensity, describeR, epochsToThreshold, convergenceRows, relativeThreshold, gapToDense, headline,
  conclusionFindings, archOf, outputPlan, paperTable, WRAPPED_HEADER_EXTRA, densityLabel, bytes, markdownTable, trainingParameterRows,
  futureStatus, sizedRows, type ExpansionPoint,
} from '../../lib/paper/index';
import { presets } from '../../lib/experiments/presets';
import { summarize } from '../../lib/experiments/summary';
import { table } from '../../lib/plot/builders/table';
import { repoRoot } from '../../lib/base/repo-root';
import { expectedNnz, generate } from '../../lib/topology/registry';
import { layerMetrics } from '../../lib/topology/metrics';
import { networkSpecs } from '../../lib/topology/network';
import type { DataSplit } from '../../lib/data/datasets';
import { meanSd } from '../../lib/base/stats';
import { baseConfig, dense, quickResults, stored } from '../fixtures/paper-records';
import { scratchDir } from '../fixtures/scratch';

function withResults(lines: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = scratchDir('paper-ctx-');
  mkdirSync(path.join(dir, 'quick'));
  if (lines) writeFileSync(path.join(dir, 'quick', 'results.jsonl'), lines);
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('loadPaperResults: one clear line when the preset has no results', () => withResults('', async dir => {
  await assert.rejects(loadPaperResults({ preset: 'quick', resultsDir: dir }), (err: unknown) => {
    assert.ok(err instanceof MissingResultsError);
    assert.match(err.message, /^no results for preset 'quick' at .*quick\/results\.jsonl: run `npm run sweep -- --preset quick` \(or `npm run paper -- --preset quick --run-missing`\)$/);
    return true;
  });
  assert.equal(await tryLoadPaperResults({ preset: 'quick', resultsDir: dir }), undefined);
}));

test('loadPaperResults: ok runs, summary, grid size; coverageNote flags a partial sweep', () =>
  withResults(quickResults().slice(0, 2).map(r => JSON.stringify(r)).join('\n') + '\n', async dir => {
    const r = await loadPaperResults({ preset: 'quick', resultsDir: dir });
    assert.equal(r.results.length, 2);
    assert.equal(r.expectedRuns, 3);
    assert.deepEqual(r.summary.map(s => [s.topology, s.testAccuracyMean]), [['random', 0.84], ['regular', 0.86]]);
    assert.match(coverageNote(r), /^Results: \*\*2 of 3\*\* runs of preset `quick` .*\*\*The sweep is incomplete\*\*/);
  }));

test('meanSd: sample sd, null for one value', () => {
  assert.deepEqual(meanSd([1, 2, 3]), { mean: 2, sd: 1, n: 3 });
  assert.deepEqual(meanSd([5]), { mean: 5, sd: null, n: 1 });
});

test('prose helpers', () => {
  assert.equal(densityLabel(0.1), '10%');
  assert.equal(densityLabel(0.005), '0.5%');
  assert.equal(bytes(1536), '1.5 KiB');
  assert.equal(markdownTable(['a', 'b'], [[1, 'x|y']]), '| a | b |\n| --- | --- |\n| 1 | x\\|y |');
});

test('dense baseline: mean ± sd over seeds, params per training image', () => {
  const rows = denseBaselineRows([dense(1, 0.97), dense(2, 0.98), stored({}, 0.5)]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].arch, '784-300-100-10');
  assert.equal(rows[0].seeds, 2);
  assert.equal(rows[0].testAccuracy.mean, 0.975);
  assert.ok(Math.abs((rows[0].testAccuracy.sd ?? 0) - Math.SQRT1_2 * 0.01) < 1e-12);
  assert.equal(rows[0].trainExamples, 6000);
  assert.equal(trainExamples({ ...dense(1, 0).record, config: { ...baseConfig, trainLimit: undefined } }), 55000);
  assert.match(baselineFindings(rows), /266,610 parameters for 6,000 training images \(44\.4 per image\)/);
});

test('demo graphs: each class has the edge count its generator promises', () => {
  const graphs = demoGraphs({ nIn: 32, nOut: 16, density: 0.25, seed: 1, inputShape: [4, 8] });
  assert.deepEqual(graphs.map(g => g.kind), ['random', 'regular', 'circulant', 'pseudo-random', 'local', 'small-world']);
  for (const g of graphs) assert.equal(g.metrics.nnz, expectedNnz({ kind: g.kind, density: 0.25 }, 32, 16));
});

test('network costs: dense first; sparse classes at 10% with a dense output layer', () => {
  const costs = networkCosts([784, 300, 100, 10], 0.1, true);
  assert.equal(costs[0].kind, 'dense');
  assert.equal(costs[0].total.nnz, 784 * 300 + 300 * 100 + 100 * 10);
  const random = costs.find(c => c.kind === 'random')!;
  assert.equal(random.total.nnz, 23520 + 3000 + 1000);
  assert.equal(random.total.seedBytes, 4 * (27520 + 410));
  assert.match(costFindings(costs), /^- random: 27,520 of 266,200 connections;/);
});

test('training parameters come from the grid', () => {
  const rows = new Map(trainingParameterRows(presets.quick));
  assert.equal(rows.get('fractions of connections kept'), '10%, 100%');
  assert.equal(rows.get('runs in the grid'), '3');
  assert.equal(rows.get('training images'), 'first 6,000 after the split (quick check)');
});

test('accuracy panels pair each curve with its architecture\'s dense row; findings cite the gaps', async () => {
  const panels = accuracyPanels(await summarize(quickResults()));
  assert.equal(panels.length, 1);
  assert.equal(panels[0].sparse.length, 2);
  assert.equal(panels[0].dense?.testAccuracyMean, 0.92);
  assert.equal(resultsFindings(panels), '**784-300-100-10, uniform**: dense 92.00%; best class per density (gap to dense): '
    + '10%: regular 86.00% (-6.00 pp). So no density measured comes within 1 pp of dense.');
  assert.match(resultsFindings(panels, 0.07), /the sparsest density within 7 pp of dense is \*\*10%\*\* \(regular\)/);
  // The figure draws each class's mean with its sd as the error bar, and the dense mean as the reference line.
  const [fig] = accuracyFigures(panels);
  const traces = fig.spec.data as unknown as { name: string; y: number[]; error_y?: { array: number[] } }[];
  const regular = panels[0].sparse.find(r => r.topology === 'regular')!;
  const drawn = traces.find(t => t.name === 'regular')!;
  assert.deepEqual([drawn.y, drawn.error_y?.array], [[regular.testAccuracyMean], [regular.testAccuracyStd ?? 0]]);
  assert.deepEqual(traces[traces.length - 1].y, [0.92, 0.92]);
});

test('example settings per preset, configs from the grid', () => {
  assert.deepEqual(exampleSettings('quick'), { epochs: 1, trainLimit: 6000 });
  assert.deepEqual(exampleSettings('unknown'), exampleSettings('quick'));
  const { dense: d, sparse: s } = exampleConfigs('paper', presets.paper);
  assert.equal(d.epochs, 3);
  assert.equal(d.trainLimit, undefined);
  assert.deepEqual([s.topology, s.density, s.arch], ['random', 0.1, [300, 100]]);
});

test('predictions: disagreements, titled cells, findings', () => {
  const split = { labels: Uint8Array.from([1, 2, 3, 4]), images: new Float32Array(4 * 4), count: 4, rows: 2, cols: 2, features: 4 } as DataSplit;
  const a = { name: 'dense', labels: Uint8Array.from([1, 2, 0, 4]) }, b = { name: '10%', labels: Uint8Array.from([1, 0, 3, 4]) };
  assert.deepEqual(disagreements(a.labels, b.labels), [1, 2]);
  assert.deepEqual(disagreements(a.labels, b.labels, 1), [1]);
  assert.deepEqual(predictionCells(split, [1], [a, b]).map(c => c.title), ['2 → dense 2 / 10% 0✗']);
  assert.equal(exampleFindings(split, a, b), 'On 4 test digits: dense 75.00% correct, 10% 75.00%. They disagree on 2 digits (50.00%); '
    + 'there dense is right 1 times, 10% 1 times, neither 0 times.');
});

test('marginal gains: per 1000 connections between consecutive densities, last step to dense', async () => {
  const rows = await summarize([stored({ density: 0.1 }, 0.9, undefined, 1000), stored({ density: 0.2 }, 0.95, undefined, 2000), dense(1, 0.96)]);
  const gains = marginalGains(rows);
  assert.deepEqual(gains.map(g => [g.from, g.to, g.connectionsAdded]), [[0.1, 0.2, 1000], [0.2, 1, 264200]]);
  assert.ok(Math.abs(gains[0].gainPer1000 - 0.05) < 1e-12);
  assert.ok(Math.abs(gains[1].gainPer1000 - 0.01 / 264.2) < 1e-12);
  assert.match(gainsFindings(gains), /^\*\*784-300-100-10, uniform\*\*: 5\.000 pp per 1000 connections from 10% to 20%, 0\.004 pp per 1000 connections from 20% to 100% \(the first step pays 1321\.0× the last\)\.$/);
  // Dense below the sparsest-but-one: the last step loses accuracy, which is said plainly instead of as a ratio.
  const losing = marginalGains(await summarize([stored({ density: 0.1 }, 0.9, undefined, 1000), stored({ density: 0.2 }, 0.95, undefined, 2000), dense(1, 0.94)]));
  assert.match(gainsFindings(losing), /from 20% to 100% \(the last step buys no accuracy at all\)\.$/);
});

const point = (density: number, spectralGap: number, testAccuracy: number, topology = 'random'): ExpansionPoint => ({
  dataset: 'mnist', arch: 'a', allocation: 'uniform', topology, density, seed: 1, testAccuracy, spectralGap,
  algebraicConnectivity: spectralGap, firstSpectralGap: spectralGap, firstAlgebraicConnectivity: spectralGap, firstDeadInputs: 0,
});

test('correlation at equal density: per density, and pooled on within-density residuals', () => {
  // Within each density accuracy rises with the gap; across densities the high-gap density has LOWER accuracy, so a
  // naive pooled r would be negative while the residual r is exactly 1.
  const pts = [point(0.1, 0.1, 0.9), point(0.1, 0.2, 0.91), point(0.1, 0.3, 0.92), point(0.5, 0.7, 0.5), point(0.5, 0.8, 0.51), point(0.5, 0.9, 0.52)];
  const c = correlationAtEqualDensity(pts, 'spectralGap');
  assert.deepEqual(c.perDensity.map(d => [d.density, d.n, +d.r.toFixed(12)]), [[0.1, 3, 1], [0.5, 3, 1]]);
  assert.equal(c.pooled.n, 6);
  assert.equal(+c.pooled.r.toFixed(12), 1);
  assert.deepEqual(residualPoints(pts.slice(0, 3), 'spectralGap').map(p => [+p.x.toFixed(12) + 0, +p.y.toFixed(12) + 0]), [[-0.1, -0.01], [0, 0], [0.1, 0.01]]);
  assert.ok(Number.isNaN(correlationAtEqualDensity(pts.slice(0, 2), 'spectralGap').perDensity[0].r));
  assert.equal(describeR(0.45), 'moderate positive (r = 0.450)');
  assert.equal(focusDensity([0.05, 0.1, 1]), 0.1);
  assert.equal(focusDensity([0.05, 0.2, 1]), 0.05);
});

test('graph stats: regenerated as the trainer builds them, minimum over sparse layers, cached per graph', () => {
  const run = stored({ arch: [20, 10], density: 0.3, seed: 2 }, 0.9).record;
  run.layers = [{ nIn: 40, nOut: 20, nnz: 0, density: 0.3, topology: 'random' }, { nIn: 20, nOut: 10, nnz: 0, density: 0.3, topology: 'random' },
    { nIn: 10, nOut: 10, nnz: 0, density: 1, topology: 'dense' }];
  const specs = networkSpecs('random', [0.3, 0.3, 1], 2);
  const m = [0, 1].map(l => layerMetrics(generate(specs[l], [40, 20, 10][l], [20, 10, 10][l])));
  const s = graphStats(run);
  assert.equal(s.spectralGap, Math.min(m[0].spectralGap, m[1].spectralGap));
  assert.equal(s.firstAlgebraicConnectivity, m[0].algebraicConnectivity);
  assert.equal(s.firstDeadInputs, m[0].deadInputs);
  let calls = 0;
  const cache = new GraphStatsCache(r => { calls++; return graphStats(r); });
  cache.get(run); cache.get(run);
  const circ = (seed: number) => ({ ...run, config: { ...run.config, topology: 'circulant' as const, seed } });
  assert.equal(graphKey(circ(1)), graphKey(circ(2))); // seed-free class: one graph for every seed
  cache.get(circ(1)); cache.get(circ(2));
  assert.equal(calls, 2);
  assert.equal(cache.size, 2);
});

test('training analysis: epochs to a threshold, relative to dense', () => {
  assert.equal(epochsToThreshold([{ epoch: 1, valAccuracy: 0.5 }, { epoch: 2, valAccuracy: 0.9 }], 0.9), 2);
  assert.equal(epochsToThreshold([{ epoch: 1, valAccuracy: 0.5 }], 0.9), null);
  const results = quickResults();
  assert.equal(relativeThreshold(results, '784-300-100-10', 0.5), 0.455);
  assert.equal(relativeThreshold(results, '784-1000-10', 0.5), undefined);
  assert.deepEqual(convergenceRows(results, 0.86).map(r => [r.topology, r.reached, r.meanEpochs]),
    [['dense', 1, 1], ['random', 0, NaN], ['regular', 1, 2]]);
});

test('gap to dense per dataset; future status says what is missing', () => {
  const gaps = gapToDense([...quickResults(), stored({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.8)]);
  assert.deepEqual(gaps.map(g => [g.dataset, g.topology, +g.gap.toFixed(12)]), [['mnist', 'random', 0.08], ['mnist', 'regular', 0.06]]);
  assert.equal(futureStatus([{ name: 'dynamic', file: 'f', exists: false, results: [] }], ['quick']),
    '- `dynamic`: preset `dynamic` is **not defined yet**; **no results yet**.');
});

test('headline: best class per density, sizes from the cost table, honest findings', async () => {
  const summary = await summarize(quickResults());
  const arch = archOf(summary, [300, 100]);
  assert.equal(arch, '784-300-100-10');
  const h = headline(summary, arch!, true);
  assert.deepEqual(h.best.map(b => b.row.topology), ['regular']);
  assert.equal(h.dense?.denseBytes, 4 * (266200 + 410));
  const sized = sizedRows(summary, true).find(s => s.row.topology === 'regular')!;
  assert.equal(sized.modelBytes, sized.csrBytes);
  assert.match(conclusionFindings(h), /No measured density comes within 1 point\(s\) of dense accuracy\.$/);
  assert.match(conclusionFindings(h, 0.1), /The smallest model within 10 point\(s\) of dense: regular at 10%/);
});

test('npm run paper writes in place only for the paper preset', () => {
  assert.deepEqual(outputPlan('paper', undefined), { inPlace: true });
  assert.deepEqual(outputPlan('quick', undefined), {
    inPlace: false, outDir: path.join(repoRoot, 'build', 'paper-quick'), figuresDir: path.join(repoRoot, 'build', 'paper-quick', 'figures'),
  });
  assert.equal(outputPlan('paper', '/tmp/x').outDir, '/tmp/x');
});

test('paperTable leaves room for two-line headers', () => {
  const opts = { name: 't', caption: 'c' };
  assert.equal((paperTable(['a'], [[1]], opts).spec.layout.height as number) - (table(['a'], [[1]], opts).spec.layout.height as number), WRAPPED_HEADER_EXTRA);
});

// tslab resolves `./x` only as x.ts (never x/index.ts), so a module the notebooks load must not import a folder.
test('modules the notebooks import never import a folder by its bare name', () => {
  const seen = new Set<string>();
  const bad: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']*)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      if (existsSync(`${target}.ts`)) visit(`${target}.ts`);
      else if (existsSync(target) && statSync(target).isDirectory()) bad.push(`${path.relative(repoRoot, file)} imports '${m[1]}'`);
    }
  };
  for (const entry of ['lib/paper/index.ts', 'lib/plot/index.ts', 'lib/train/run.ts', 'lib/kernels/index.ts', 'lib/data/datasets.ts', 'lib/base/tfjs-backend.ts']) {
    visit(path.join(repoRoot, entry));
  }
  assert.deepEqual(bad, []);
});

test('deploymentRows joins benchmark latency and size with the matching sweep accuracy', async () => {
  const { deploymentRows, deploymentTable } = await import('../../lib/paper/deployment');
  const bench = {
    measuredAt: '', rows: [
      { density: 0.1, batch: 1, sparseUs: 6, tfjsDenseUs: 210, bytes: 100_000, denseBytes: 1_000_000 },
      { density: 0.1, batch: 256, sparseUs: 350, tfjsDenseUs: 19_000, bytes: 100_000, denseBytes: 1_000_000 },
      { density: 1, batch: 1, sparseUs: 40, tfjsDenseUs: 210, bytes: 1_000_100, denseBytes: 1_000_000 },
      { density: 1, batch: 256, sparseUs: 3_000, tfjsDenseUs: 19_000, bytes: 1_000_100, denseBytes: 1_000_000 },
      { density: 0.5, batch: 1, sparseUs: 20, tfjsDenseUs: 210, bytes: 500_000, denseBytes: 1_000_000 },
    ],
  };
  const row = (topology: string, density: number, mean: number, sparsity = 'fixed') => ({
    dataset: 'mnist', arch: '784-300-100-10', channelTable: '', topology, allocation: 'uniform', mode: 'sparse', sparsity, density, n: 3,
    testAccuracyMean: mean, testAccuracyStd: 0.001, bestEpochMean: 10, connectionsMean: 1, wallSecondsMean: 1,
  });
  const summary = [row('random', 0.1, 0.97), row('regular', 0.1, 0.5), row('random', 0.1, 0.1, 'set'), row('dense', 1, 0.98)];
  const rows = deploymentRows(bench, summary);
  // 0.5 has no batch-256 measurement, so it is left out; 0.1 takes the fixed random run, 1 the dense one.
  assert.deepEqual(rows.map(r => [r.density, r.batch1Us, r.batch256Us, r.accuracy]), [[0.1, 6, 350, 0.97], [1, 40, 3000, 0.98]]);
  assert.match(deploymentTable(rows).split('\n')[2], /^\| 10% \| 6\.0 \| 35\.0× \| 350 \| 54\.3× \| 97\.7 KiB \| 10\.0% \| 97\.00% \|$/);
});
