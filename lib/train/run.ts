// One training run: config in, RunRecord out. Adam on softmax cross-entropy, seeded everything, per-epoch validation,
// optional early stopping; test accuracy is measured with the weights (and graphs) of the best validation epoch.
// A sparsity controller (lib/sparsity) may rewire the layers after any step or epoch; 'fixed' never does.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../base/tfjs-backend';
import { loadDataset } from '../data/datasets';
import { validationSplit } from '../data/split';
import { allocBatch, batchCount, epochOrder, iterateBatches } from '../data/batches';
import { sparseKernels } from '../kernels/index';
import { allocateDensities } from '../topology/allocation';
import type { Csr } from '../topology/csr';
import { restoreTopologies, sparsityController, startSpecs } from '../sparsity/index';
import { effectiveSparsity } from '../sparsity/config';
import { layerMetrics } from '../topology/metrics';
import type { EpochMetrics, FinalGraphMetrics, LayerSummary, RunRecord, TrainConfig } from './config';
import { validateTrainConfig } from './validate-config';
import { buildModel, layerSizes, sparseLayers } from './model';
import { evaluate } from './evaluate';
import { gitCommit, versions } from './provenance';
import { trainProgress, type ProgressMode } from './progress';
import { trainStep } from './step';
import { HostAdam } from '../optim/host-adam';

export interface TrainOptions {
  onEpoch?: (m: EpochMetrics) => void;
  progress?: ProgressMode;
  /** Keep the trained model (the caller disposes it); otherwise it is disposed before returning. */
  keepModel?: boolean;
}

export interface TrainResult {
  record: RunRecord;
  model?: tf.Sequential;
}

/** The validation split does not depend on the run's seed: every run selects epochs on the same held-out examples. */
export const VALIDATION_SPLIT_SEED = 'validation';

export class NonFiniteLossError extends Error {}

export async function trainRun(config: TrainConfig, opts: TrainOptions = {}): Promise<RunRecord> {
  const { record, model } = await train(config, opts);
  model?.dispose();
  return record;
}

export async function train(config: TrainConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  validateTrainConfig(config);
  const started = Date.now();
  const backend = await initBackend();
  const data = loadDataset(config.dataset);
  const split = validationSplit(data.train.count, config.validationFraction, VALIDATION_SPLIT_SEED, { limit: config.trainLimit });
  if (split.train.length === 0) {
    throw new Error(`no training examples: ${data.train.count} in ${data.name}, ${split.validation.length} of them held out for validation`);
  }
  const sizes = layerSizes(config, data.train.features, data.numClasses);
  const densities = allocateDensities(sizes, config.density, config.allocation, { denseOutput: config.denseOutput });
  const model = buildModel(sizes, startSpecs(config, densities), config.mode);
  const layers = sparseLayers(model);
  const optimizer = new HostAdam(config.learningRate);
  const batches = batchCount(split.train.length, config.batchSize);
  const sparsity = sparsityController(config, { layers, optimizer, densities, stepsPerEpoch: batches, seed: config.seed });
  const progress = trainProgress(opts.progress ?? 'auto', `${config.topology} ${(config.density * 100).toFixed(0)}%`, config.epochs * batches);
  const buf = allocBatch(config.batchSize, data.train.features, data.numClasses);

  const epochs: EpochMetrics[] = [];
  let best = { epoch: 0, accuracy: -Infinity, weights: [] as tf.Tensor[], topologies: [] as Csr[] };
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
      let lossSum = 0, correct = 0, seen = 0;
      for (const b of iterateBatches(data.train, epochOrder(split.train, config.seed, epoch), config.batchSize, buf)) {
        const [loss, hits] = trainStep(model, optimizer, b.xs, b.ys, b.size, data.train.features, data.numClasses);
        if (!Number.isFinite(loss)) {
          throw new NonFiniteLossError(`loss became ${loss} at epoch ${epoch}, batch ${b.index + 1} (learning rate ${config.learningRate} too high?)`);
        }
        lossSum += loss * b.size; correct += hits; seen += b.size;
        sparsity.afterStep((epoch - 1) * batches + b.index + 1, b);
        progress.batch((epoch - 1) * batches + b.index + 1, { epoch, loss: (lossSum / seen).toFixed(4) });
        // Let timers and IPC run between batches: a sweep worker must notice its parent died (the 'disconnect'
        // event) within a batch, not after the whole run.
        await new Promise(resolve => setImmediate(resolve));
      }
      sparsity.afterEpoch(epoch);
      const val = evaluate(model, data.train, split.validation);
      const m: EpochMetrics = {
        epoch, loss: lossSum / seen, trainAccuracy: correct / seen, valLoss: val.loss, valAccuracy: val.accuracy,
        seconds: (performance.now() - epochStart) / 1000,
      };
      epochs.push(m);
      progress.epoch(m);
      opts.onEpoch?.(m);
      // A pruning schedule short of its target leaves more connections than the run's budget: not a candidate.
      if (!sparsity.selectable(epoch)) continue;
      // Without a validation set every epoch counts as best, so the final weights are tested.
      if (!(val.accuracy <= best.accuracy)) {
        best.weights.forEach(w => w.dispose());
        // A graph is never mutated in place (setTopology installs a copy), so holding the current ones is a snapshot.
        best = { epoch, accuracy: val.accuracy, weights: model.getWeights().map(w => w.clone()), topologies: layers.map(l => l.csr) };
      } else if (config.earlyStopPatience && epoch - best.epoch >= config.earlyStopPatience) {
        break;
      }
    }
  } catch (err) {
    progress.end();
    best.weights.forEach(w => w.dispose());
    optimizer.dispose();
    model.dispose();
    throw err;
  }
  progress.end();
  if (best.epoch !== epochs.length) {
    restoreTopologies(layers, best.topologies);
    model.setWeights(best.weights);
  }
  best.weights.forEach(w => w.dispose());
  optimizer.dispose();
  const test = evaluate(model, data.test);

  const rewired = effectiveSparsity(config).method !== 'fixed';
  const layerSummaries: LayerSummary[] = layers.map((layer, l) => ({
    nIn: sizes[l], nOut: sizes[l + 1], nnz: layer.nnz, density: layer.nnz / (sizes[l] * sizes[l + 1]),
    topology: densities[l] >= 1 ? 'dense' : config.topology,
    ...(rewired && densities[l] < 1 ? { finalGraph: finalGraphMetrics(layer.csr) } : {}),
  }));
  const connections = layerSummaries.reduce((s, l) => s + l.nnz, 0);
  const record: RunRecord = {
    config,
    status: 'ok',
    epochs,
    epochSeconds: epochs.map(e => e.seconds),
    bestEpoch: best.epoch,
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    params: connections + sizes.slice(1).reduce((s, n) => s + n, 0),
    connections,
    layers: layerSummaries,
    backend: backend.backend,
    kernel: config.mode === 'masked' ? 'masked' : sparseKernels().name,
    versions: versions(),
    gitCommit: gitCommit(),
    startedAt: new Date(started).toISOString(),
    wallSeconds: (Date.now() - started) / 1000,
  };
  if (opts.keepModel) return { record, model };
  model.dispose();
  return { record };
}

function finalGraphMetrics(csr: Csr): FinalGraphMetrics {
  const { spectralGap, algebraicConnectivity, deadInputs, deadOutputs, fanIn, fanOut } = layerMetrics(csr);
  return { spectralGap, algebraicConnectivity, deadInputs, deadOutputs, fanIn, fanOut };
}
