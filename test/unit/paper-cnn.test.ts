// Section 6.4 on hand-made records: configurations grouped over seeds, the accuracy frontier, where each family holds
// its dense accuracy, C3 against the classes at its density, and the section's text when no cnn results exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { c3Lines, channelTableRows, cnnSection, frontier, holdingLines, networkConfigs, type NetworkConfig } from '../../lib/paper/cnn';
import { sectionFigures, sectionText } from '../../lib/paper/section';
import type { StoredResult } from '../../lib/experiments/result-store';
import type { RunRecord, TrainConfig } from '../../lib/train/config';
import { trainConfig } from '../../lib/train/defaults';

let n = 0;
function run(change: Partial<TrainConfig>, accuracy: number, connections: number, params: number): StoredResult {
  const config = trainConfig(change);
  const record = { config, status: 'ok', epochs: [], epochSeconds: [], bestEpoch: 1, testAccuracy: accuracy, testLoss: 0, params, connections,
    layers: [], backend: 'none', kernel: 'native', versions: {}, gitCommit: '', startedAt: '', wallSeconds: 1 } as RunRecord;
  return { key: String(n++), finishedAt: '', record };
}
const cnn = (table: Partial<TrainConfig>, fc: Partial<TrainConfig>, seeds: number[], connections: number, params: number) =>
  seeds.map((acc, i) => run({ model: 'lenet5', arch: [120, 84], ...table, ...fc, seed: i + 1 }, acc, connections, params));
const FC_DENSE = { topology: 'dense', density: 1 } as const;

const results = [
  ...cnn({}, FC_DENSE, [0.991, 0.989], 406_656, 61_706),
  ...cnn({ channelTopology: 'c3' }, FC_DENSE, [0.990, 0.988], 316_656, 60_806),
  ...cnn({ channelTopology: 'random', channelDensity: 0.625 }, FC_DENSE, [0.985, 0.987], 316_656, 60_806),
  ...cnn({ channelTopology: 'random', channelDensity: 0.1 }, { topology: 'random', density: 0.1 }, [0.95, 0.97], 40_000, 5_000),
  ...cnn({ channelTopology: 'c3' }, { topology: 'random', density: 0.1 }, [0.987, 0.985], 263_000, 7_000),
];
const mlp = [run({ topology: 'dense', density: 1 }, 0.984, 266_200, 266_610), run({ topology: 'random', density: 0.1 }, 0.9795, 26_620, 27_030),
  run({ topology: 'random', density: 0.5 }, 0.981, 133_000, 133_410)];
const mlpFashion = [run({ dataset: 'fashion-mnist', topology: 'dense', density: 1 }, 0.90, 266_200, 266_610),
  run({ dataset: 'fashion-mnist', topology: 'random', density: 0.1 }, 0.89, 26_620, 27_030),
  run({ dataset: 'fashion-mnist', topology: 'random', density: 0.5 }, 0.897, 133_000, 133_410)];

test('configurations over seeds: labels, means, and each family\'s dense reference', () => {
  const configs = networkConfigs(results, mlp);
  assert.deepEqual(configs.map(c => [c.family, c.label, c.accuracy.n, c.dense]), [
    ['LeNet-5', 'C3 dense, fc dense', 2, true], ['LeNet-5', 'C3 c3, fc dense', 2, false], ['LeNet-5', 'C3 random 62.5%, fc dense', 2, false],
    ['LeNet-5', 'C3 random 10%, fc random 10%', 2, false], ['LeNet-5', 'C3 c3, fc random 10%', 2, false],
    ['MLP', 'dense', 1, true], ['MLP', 'random 10%', 1, false], ['MLP', 'random 50%', 1, false]]);
  assert.ok(Math.abs(configs[0].accuracy.mean - 0.99) < 1e-12);
});

test('the frontier keeps a configuration only if nothing smaller beats it', () => {
  const c = (x: number, acc: number) => ({ connections: x, params: x, accuracy: { mean: acc, sd: 0, n: 1 } }) as NetworkConfig;
  assert.deepEqual(frontier([c(100, 0.9), c(150, 0.85), c(200, 0.95), c(300, 0.94), c(400, 0.97)], 'connections').map(p => p.connections), [100, 200, 400]);
});

test('holding, tables and C3 lines, hand-computed', () => {
  const configs = networkConfigs(results, mlp);
  // LeNet-5 dense 99.00%: within 0.5 pp are c3 (98.90%), random 62.5% (98.60%), c3 + fc 10% (98.60%); the fewest
  // connections 263,000 (c3 + fc 10%), the fewest parameters 7,000 (the same). MLP dense 98.40%: random 10% (97.95%) holds.
  assert.deepEqual(holdingLines(configs), ['**mnist**, within 0.5 pp of dense: LeNet-5 (dense 99.00% ± 0.14%): down to 263,000 connections '
    + '(64.7% of its dense net\'s; C3 c3, fc random 10%) and 7,000 parameters (11.3%; C3 c3, fc random 10%); MLP (dense 98.40% ± —): down to '
    + '26,620 connections (10.0% of its dense net\'s; random 10%) and 27,030 parameters (10.1%; random 10%).']);
  // Fashion-MNIST's MLP at 10% falls 1 pp below its dense net; at 50% it holds (0.3 pp): it needs 50% there.
  const both = holdingLines(networkConfigs(results, [...mlp, ...mlpFashion]));
  assert.equal(both[2], 'MLP stops holding first on fashion-mnist: it needs 50.0% of its connections there, 10.0% on mnist.');
  assert.deepEqual(channelTableRows(configs).map(r => [r[1], r[5]]), [['dense', '0.00 pp'], ['c3', '0.10 pp'], ['random 62.5%', '0.40 pp']]);
  assert.deepEqual(c3Lines(configs), ['mnist: C3 98.90% ± 0.14%; at the same density random 98.60% ± 0.14% (-0.30 pp against C3).']);
});

test('the section draws both frontiers, and says plainly when there is nothing yet', () => {
  const parts = cnnSection(results, mlp);
  assert.deepEqual(sectionFigures(parts).map(f => f.name), ['future-cnn-frontier-connections', 'future-cnn-frontier-params']);
  assert.match(sectionText(parts), /LeCun's C3 against the graph classes at its density/);
  assert.match(sectionText(cnnSection([], mlp)), /^_Not yet: no `cnn` results/);
});
