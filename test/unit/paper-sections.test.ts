// The notebook sections as data: each names what is missing when its results are absent, and otherwise shows its
// paragraphs and figures in order, built from the same functions the tests of each section check in detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  comparisonLines, datasetGapSection, dynamicMethodsSection, graphShiftSection, methodComparison, sectionFigures, sectionText,
  trainingAnalysisSection, exampleFigures, GraphStatsCache, exampleTrainingNote, exampleConfigs, coverageNote, type PaperResults,
} from '../../lib/paper/index';
import { summarize } from '../../lib/experiments/summary';
import { presets } from '../../lib/experiments/presets';
import type { DataSplit } from '../../lib/data/datasets';
import { dynamicResults, quickResults, stored } from '../fixtures/paper-records';

test('dynamic methods: the comparison lines per density, then the usefully-trained table, then its figures', () => {
  const parts = dynamicMethodsSection(dynamicResults(), { densities: [0.05, 0.1], epochs: 2 });
  const [at5] = methodComparison(dynamicResults(), 0.05);
  const text = sectionText(parts);
  assert.ok(text.startsWith(comparisonLines(at5).map((l, i) => (i === 0 ? `**${l}**` : `- ${l}`)).join('\n')), text);
  assert.match(text, /\*\*How long each method trained usefully at 5%\*\* \(dense, the best fixed graph, each method's best start graph; 2 epochs, no early stopping\)/);
  assert.deepEqual(sectionFigures(parts).map(f => f.name), ['future-dynamic-accuracy-784-300-100-10-at-0p05',
    'future-dynamic-accuracy-784-300-100-10-at-0p1', 'future-dynamic-curves-at-0p05']);
  assert.deepEqual(dynamicMethodsSection([], presets.dynamic), [{ markdown: '_Not yet: no `dynamic` results (`npm run sweep -- --preset dynamic`). Nothing here says whether rewiring beats a fixed graph._' }]);
});

test('graph shift: the before/after table at the lowest density; nothing without results', () => {
  const cache = new GraphStatsCache(r => {
    const g = r.config.topology === 'random' ? 0.5 : 0.7;
    return { spectralGap: g, algebraicConnectivity: g / 10, firstSpectralGap: g, firstAlgebraicConnectivity: g / 10, firstDeadInputs: 1 };
  });
  const parts = graphShiftSection(dynamicResults(), [0.05, 0.1], cache);
  assert.match(sectionText(parts), /^\*\*Graphs before and after training at 5%\*\*/);
  assert.deepEqual(graphShiftSection([], [0.05]), [{ markdown: '_Not yet: no `dynamic` results._' }]);
});

test('dataset gap: the fashion findings, figures, table and contrast; or the command that makes the results', () => {
  const fashion = [stored({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.89), stored({ dataset: 'fashion-mnist', topology: 'random' }, 0.85)];
  const parts = datasetGapSection(quickResults(), fashion);
  assert.deepEqual(parts.map(p => Object.keys(p)[0]), ['markdown', 'figures', 'markdown', 'markdown']);
  assert.deepEqual(sectionFigures(parts).map(f => f.name), ['future-accuracy-fashion-mnist-784-300-100-10-uniform', 'future-dataset-gap']);
  assert.match(sectionText(parts), /- 784-300-100-10 at 10%: mnist 8\.00 pp \(100% more errors\), fashion-mnist 4\.00 pp \(36% more errors\)/);
  assert.match(sectionText(datasetGapSection(quickResults(), [])), /^_Not yet: no `fashion` results/);
});

test('training analysis: coverage first, then the threshold figure and curves, then notes and tables', () => {
  const results = quickResults();
  const paper: PaperResults = { preset: 'quick', grid: presets.quick, resultsFile: 'data/results/quick/results.jsonl', results,
    summary: summarize(results), expectedRuns: 3, failedRuns: 0, outsideGrid: 0, warnings: [] };
  const parts = trainingAnalysisSection(paper);
  assert.deepEqual(parts[0], { markdown: coverageNote(paper) });
  assert.deepEqual(sectionFigures(parts).map(f => f.name), ['future-epochs-to-threshold-784-300-100-10', 'future-curves-784-300-100-10-at-0p1']);
  assert.match(sectionText(parts), /- 784-300-100-10: threshold 89\.18%; 1 of 3 configurations reached it in every run; not always reached by: random 10% \(0\/1\), regular 10% \(0\/1\)\./);
  assert.deepEqual(trainingAnalysisSection(undefined), [{ markdown: '_No results for the current preset yet._' }]);
});

test('live examples: the training note and the two digit grids with their captions', () => {
  assert.equal(exampleTrainingNote(exampleConfigs('quick', presets.quick)), 'Training dense and random 10%: 1 epoch(s) on 6000 images.');
  const split = { labels: Uint8Array.from([1, 2, 3]), images: new Float32Array(3 * 784), count: 3, rows: 28, cols: 28, features: 784 } as DataSplit;
  const figs = exampleFigures(split, [{ name: 'dense', labels: Uint8Array.from([1, 2, 0]) }, { name: '10%', labels: Uint8Array.from([1, 0, 3]) }]);
  assert.deepEqual(figs.map(f => [f.name, f.caption]), [
    ['results-example-digits', 'The first MNIST test digits with the predictions of the live-trained dense and random-10% networks (✗: wrong).'],
    ['results-disagreements', 'MNIST test digits on which the live-trained dense and random-10% networks disagree (✗: wrong).'],
  ]);
  assert.throws(() => exampleFigures(split, []), /two networks' predictions expected/);
});
