// One training run: config in, RunRecord out. Adam on softmax cross-entropy, seeded everything, per-epoch validation,
// optional early stopping; test accuracy is measured with the weights (and graphs) of the best validation epoch.
// A sparsity controller (lib/sparsity) may rewire the layers after any step or epoch; 'fixed' never does. The network
// lives in a training engine (lib/engine: native or tfjs), trained a run of steps per call between the points where
// the controller acts, so the native engine pays no per-step crossing into JavaScript.
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../base/tfjs-backend';
import { loadDataset, type Dataset } from '../data/datasets';
import { validationSplit, type SplitIndices } from '../data/split';
import { permutePixels } from '../data/permute';
import { batchCount, epochOrder } from '../data/batches';
import { chooseEngine, createEngine, type EngineChoice } from '../engine/choose';
import { NativeEngine } from '../engine/native-engine';
import type { CnnLayer } from '../engine/lenet5';
import type { EngineSnapshot, TrainingEngine } from '../engine/engine';
import { allocateDensities } from '../topology/allocation';
import { nnz, type Csr } from '../topology/csr';
import { layerMetrics } from '../topology/metrics';
import { sparsityController, startSpecs, type SparsityController } from '../sparsity/index';
import { layerSizes, type EpochMetrics, type FinalGraphMetrics, type LayerSummary, type RunRecord, type TrainConfig } from './config';
import { validateTrainConfig } from './validate-config';
import { learningRates } from './lr-schedule';
import { gitCommit, versions } from './provenance';
import { trainProgress, type ProgressMode, type TrainProgress } from './progress';
import { lenet5Network, lenet5Summaries } from './lenet5-network';

export interface TrainOptions {
  onEpoch?: (m: EpochMetrics) => void;
  progress?: ProgressMode;
  /** Keep the trained model as a tfjs model (the caller disposes it); otherwise nothing of it outlives the run. */
  keepModel?: boolean;
  /** Which engine trains the run (default 'auto': native for sparse mode when the addon has it, else tfjs). */
  engine?: EngineChoice;
  /**
   * Start from these graphs and weights instead of the config's (fine-tuning a trained or pruned model: see
   * modelSnapshot). The config still says the layer sizes, the data and the training; the engine built from its graphs
   * is overwritten with these before the first step.
   */
  from?: EngineSnapshot;
}

export interface TrainResult {
  record: RunRecord;
  model?: tf.Sequential;
}

/** The validation split does not depend on the run's seed: every run selects epochs on the same held-out examples. */
export const VALIDATION_SPLIT_SEED = 'validation';

/**
 * At most this many steps per engine call: progress redraws, and a sweep worker notices its parent died (IPC
 * 'disconnect'), between calls. 50 native steps are a few milliseconds, 50 tfjs steps well under a second.
 */
export const MAX_STEPS_PER_CALL = 50;

export class NonFiniteLossError extends Error {}

/** Everything a run holds while it trains. */
interface Run {
  config: TrainConfig;
  data: Dataset;
  split: SplitIndices;
  sizes: number[];
  densities: number[];
  /** A lenet5 run's layers as built (kinds, seeds, parameter counts); absent for an MLP. */
  cnn?: CnnLayer[];
  engine: TrainingEngine;
  sparsity: SparsityController;
  progress: TrainProgress;
  stepsPerEpoch: number;
  epochs: EpochMetrics[];
  best: { epoch: number; accuracy: number; snapshot?: EngineSnapshot };
  started: number;
}

export async function trainRun(config: TrainConfig, opts: TrainOptions = {}): Promise<RunRecord> {
  const { record, model } = await train(config, opts);
  model?.dispose();
  return record;
}

export async function train(config: TrainConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  validateTrainConfig(config);
  const run = await startRun(config, opts);
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const metrics = await trainEpoch(run, epoch);
      opts.onEpoch?.(metrics);
      if (keepBest(run, metrics) === 'stop') break;
    }
    restoreBest(run);
    const record = runRecord(run, run.engine.evaluate(run.data.test));
    if (!opts.keepModel) return { record };
    await initBackend();
    return { record, model: run.engine.toModel() };
  } finally {
    run.progress.end();
    run.engine.dispose();
  }
}

/** Data, split, the network at its starting graphs on the chosen engine, its sparsity controller and progress. */
async function startRun(config: TrainConfig, opts: TrainOptions): Promise<Run> {
  const started = Date.now();
  const engineName = chooseEngine(opts.engine ?? 'auto', config.mode, config.model ?? 'mlp').name;
  const data = config.permutePixels === undefined ? loadDataset(config.dataset) : permutePixels(loadDataset(config.dataset), config.permutePixels);
  const split = validationSplit(data.train.count, config.validationFraction, VALIDATION_SPLIT_SEED, { limit: config.trainLimit });
  if (split.train.length === 0) {
    throw new Error(`no training examples: ${data.train.count} in ${data.name}, ${split.validation.length} of them held out for validation`);
  }
  const cnn = config.model === 'lenet5' ? lenet5Network(config) : undefined;
  const sizes = cnn ? [cnn[0].engine.csr.nIn, ...cnn.map(l => l.engine.csr.nOut)] : layerSizes(config, data.train.features, data.numClasses);
  const densities = cnn ? cnn.map(({ engine: { csr } }) => nnz(csr) / (csr.nIn * csr.nOut))
    : allocateDensities(sizes, config.density, config.allocation, { denseOutput: config.denseOutput });
  const engine = cnn ? new NativeEngine(cnn.map(l => l.engine), cnn.map(l => ({ seed: l.seed, kind: l.label })), config.learningRate)
    : await createEngine(engineName, sizes, startSpecs(config, densities), config.mode, config.learningRate);
  if (opts.from) startFrom(engine, opts.from, sizes);
  const stepsPerEpoch = batchCount(split.train.length, config.batchSize);
  const sparsity = sparsityController(config, { network: engine, densities, stepsPerEpoch, seed: config.seed });
  const progress = trainProgress(opts.progress ?? 'auto', `${config.topology} ${(config.density * 100).toFixed(0)}%`, config.epochs * stepsPerEpoch);
  return { config, data, split, sizes, densities, cnn, engine, sparsity, progress, stepsPerEpoch, epochs: [], best: { epoch: 0, accuracy: -Infinity }, started };
}

/** Put a given network into the engine before training (after checking it has the run's layer sizes). */
function startFrom(engine: TrainingEngine, from: EngineSnapshot, sizes: number[]): void {
  const given = [from.graphs[0]?.nIn, ...from.graphs.map(g => g.nOut)];
  if (given.join('-') !== sizes.join('-')) {
    engine.dispose();
    throw new Error(`train: the network to start from is ${given.join('-')}, the config's is ${sizes.join('-')}`);
  }
  engine.restore(from);
}

/** One epoch: its batches in calls that end where the controller may act, then the controller's epoch hook and validation. */
async function trainEpoch(run: Run, epoch: number): Promise<EpochMetrics> {
  const { config, engine, sparsity, stepsPerEpoch } = run;
  const epochStart = performance.now();
  const order = epochOrder(run.split.train, config.seed, epoch);
  const first = (epoch - 1) * stepsPerEpoch, totalSteps = config.epochs * stepsPerEpoch;
  let lossSum = 0, correct = 0, seen = 0;
  for (let done = 0; done < stepsPerEpoch;) {
    const step = first + done;
    const until = Math.min(first + stepsPerEpoch, sparsity.nextStep(step), step + MAX_STEPS_PER_CALL);
    const rates = config.learningRateSchedule && config.learningRateSchedule !== 'constant'
      ? learningRates(config.learningRateSchedule, config.learningRate, step, until - step, totalSteps) : undefined;
    const r = engine.trainSteps(run.data.train, order, done, until - step, config.batchSize, rates);
    if (r.stoppedAt !== null) {
      throw new NonFiniteLossError(`loss became non-finite at epoch ${epoch}, batch ${r.stoppedAt + 1} (learning rate ${config.learningRate} too high?)`);
    }
    lossSum += r.lossSum; correct += r.correct; seen += r.seen;
    done += r.steps;
    sparsity.afterStep(until, { split: run.data.train, indices: order.subarray((done - 1) * config.batchSize, done * config.batchSize) });
    run.progress.batch(until, { epoch, loss: (lossSum / seen).toFixed(4) });
    await new Promise(resolve => setImmediate(resolve));
  }
  sparsity.afterEpoch(epoch);
  const val = engine.evaluate(run.data.train, run.split.validation);
  const metrics: EpochMetrics = {
    epoch, loss: lossSum / seen, trainAccuracy: correct / seen, valLoss: val.loss, valAccuracy: val.accuracy,
    seconds: (performance.now() - epochStart) / 1000,
  };
  run.epochs.push(metrics);
  run.progress.epoch(metrics);
  return metrics;
}

/** Keep the epoch's network if it validates best so far; 'stop' when early stopping's patience has run out. */
function keepBest(run: Run, m: EpochMetrics): 'go on' | 'stop' {
  // A pruning schedule short of its target leaves more connections than the run's budget: not a candidate.
  if (!run.sparsity.selectable(m.epoch)) return 'go on';
  // Without a validation set every epoch counts as best, so the final weights are tested.
  if (!(m.valAccuracy <= run.best.accuracy)) {
    // The last epoch needs no copy: if it stays best, the network is already as it should be tested.
    run.best = { epoch: m.epoch, accuracy: m.valAccuracy, ...(m.epoch < run.config.epochs ? { snapshot: run.engine.snapshot() } : {}) };
    return 'go on';
  }
  const patience = run.config.earlyStopPatience;
  return patience && m.epoch - run.best.epoch >= patience ? 'stop' : 'go on';
}

/** Put the best epoch's graphs and weights back, unless the network ends there anyway. */
function restoreBest(run: Run): void {
  if (run.best.epoch !== run.epochs.length && run.best.snapshot) run.engine.restore(run.best.snapshot);
}

/** The record of a finished run: config, curves, test result, each layer's final graph, provenance. */
function runRecord(run: Run, test: { loss: number; accuracy: number }): RunRecord {
  const { config, sizes, densities, engine, cnn } = run;
  const layers: LayerSummary[] = cnn ? lenet5Summaries(config, cnn) : engine.layers.map((layer, l) => ({
    nIn: sizes[l], nOut: sizes[l + 1], nnz: layer.nnz, density: layer.nnz / (sizes[l] * sizes[l + 1]),
    topology: densities[l] >= 1 ? 'dense' : config.topology,
    ...(densities[l] < 1 ? { finalGraph: finalGraphMetrics(layer.csr) } : {}),
  }));
  // A pool's edges carry no trainable weight: connections are the edges of the layers that learn.
  const connections = layers.reduce((s, l) => s + (l.kind === 'pool' ? 0 : l.nnz), 0);
  const params = cnn ? cnn.reduce((s, l) => s + l.params, 0) : connections + sizes.slice(1).reduce((s, n) => s + n, 0);
  return {
    config,
    status: 'ok',
    epochs: run.epochs,
    epochSeconds: run.epochs.map(e => e.seconds),
    bestEpoch: run.best.epoch,
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    params,
    connections,
    layers,
    backend: engine.name === 'tfjs' ? tfjsBackendName() : 'none',
    engine: engine.name,
    kernel: engine.kernel,
    versions: versions(),
    gitCommit: gitCommit(),
    startedAt: new Date(run.started).toISOString(),
    wallSeconds: (Date.now() - run.started) / 1000,
  };
}

/** The graph a layer ended with, as the record keeps it (a fixed graph's is its start graph). */
function finalGraphMetrics(csr: Csr): FinalGraphMetrics {
  const { spectralGap, algebraicConnectivity, deadInputs, deadOutputs, fanIn, fanOut } = layerMetrics(csr);
  return { spectralGap, algebraicConnectivity, deadInputs, deadOutputs, fanIn, fanOut };
}

function tfjsBackendName(): string {
  return (require('@tensorflow/tfjs') as typeof tf).getBackend();
}
