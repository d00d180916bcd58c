// `npm run train -- ...`: train one network and print its result record.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { checkInput, runCli, printJson, UsageError, type Flags, type FlagSpecs } from './args';
import { DATASET_NAMES, type DatasetName } from '../data/datasets';
import { topologyKinds } from '../topology/registry';
import type { TopologyKind } from '../topology/spec';
import { LENET5_HIDDEN, MODEL_FAMILIES, type Allocation, type ChannelTopology, type LayerMode, type ModelFamily, type RunRecord, type TrainConfig } from '../train/config';
import { CHANNEL_TOPOLOGIES } from '../topology/channel-table';
import { trainConfig } from '../train/defaults';
import { LAYER_MODES } from '../layers/mode';
import { validateTrainConfig, ConfigError } from '../train/validate-config';
import { train } from '../train/run';
import { fileSystemHandler, MODEL_JSON } from '../layers/file-io';
import { engineChoices } from '../base/tfjs-backend';
import { SPARSITY_METHODS, resolveSparsity, type SparsityConfig, type SparsityMethod } from '../sparsity/config';
import { runBuildProblem, runLabel, runMemoryProblem } from '../train/memory-estimate';
import { availableMemoryBytes } from '../base/available-memory';
import { checkOutputFolder } from '../base/output-path';
import { defaultResultsDir, openResultStore, resultsFileFor } from '../experiments/result-store';
import { runKey } from '../experiments/run-key';
import { chooseEngine, ENGINE_CHOICES, type EngineChoice } from '../engine/choose';
import { LR_SCHEDULES, type LearningRateSchedule } from '../train/lr-schedule';

const D = trainConfig();

const flagSpecs = {
  dataset: { type: 'string', default: D.dataset, choices: DATASET_NAMES, help: 'dataset' },
  model: { type: 'string', default: 'mlp', choices: MODEL_FAMILIES, help: 'mlp: sparse layers only; lenet5: LeNet-5\'s two 5×5 convolutions and average pools (weight-tied sparse graphs) before the fully connected layers of --arch' },
  arch: { type: 'string', help: `hidden layer sizes, comma-separated (784-300-100-10 is "300,100"; default ${D.arch.join(',')}, lenet5: ${LENET5_HIDDEN.join(',')})` },
  'channel-topology': { type: 'string', choices: CHANNEL_TOPOLOGIES, help: 'lenet5: which S2 maps each C3 map reads: a graph class at --channel-density, or c3 (LeCun\'s table, 60 of 96 pairs); default dense' },
  'channel-density': { type: 'number', min: 0, exclusiveMin: true, max: 1, help: 'lenet5: density of the C3 channel table for the graph classes (default 1)' },
  channels: { type: 'string', help: 'lenet5: feature maps of C1 and C3, comma-separated (default 6,16)' },
  topology: { type: 'string', default: D.topology, choices: topologyKinds, help: 'graph class of every sparse layer' },
  density: { type: 'number', default: D.density, min: 0, exclusiveMin: true, max: 1, help: 'fraction of connections kept over the network' },
  allocation: { type: 'string', default: D.allocation, choices: ['uniform', 'erdos-renyi'], help: 'how the budget is spread over layers' },
  'sparse-output': { type: 'boolean', help: 'make the output layer sparse too (the paper keeps it dense: a sparse one leaves each class a handful of inputs)' },
  mode: { type: 'string', default: D.mode, choices: LAYER_MODES, help: 'sparse: multiply by the CSR graph, cost ∝ connections (what the presets train); masked: a dense kernel times the 0/1 mask, the same network at dense cost' },
  epochs: { type: 'int', default: D.epochs, min: 1, help: 'epochs (the learning-rate schedule spans them all)' },
  batch: { type: 'int', default: D.batchSize, min: 1, help: 'batch size' },
  lr: { type: 'number', default: D.learningRate, min: 0, exclusiveMin: true, help: 'Adam learning rate (the schedule starts here)' },
  'lr-schedule': { type: 'string', default: D.learningRateSchedule ?? 'constant', choices: LR_SCHEDULES, help: 'learning rate over the run: cosine (annealed from --lr to 0 over all steps) or constant' },
  seed: { type: 'int', default: D.seed, help: 'seed for graphs, initial weights and batch order' },
  validation: { type: 'number', default: D.validationFraction, min: 0, max: 0.5, help: 'fraction of the training set held out for validation' },
  'train-limit': { type: 'int', min: 1, help: 'train on at most this many examples (quick checks)' },
  patience: { type: 'int', default: 0, min: 0, help: 'stop after this many epochs without validation improvement (0: never)' },
  sparsity: { type: 'string', default: 'fixed', choices: SPARSITY_METHODS, help: 'how the graph changes in training: fixed; gradual-/one-shot-prune (start dense, end at --density); set/rigl (rewire at constant nnz)' },
  'sparsity-begin': { type: 'number', min: 0, help: 'epoch the updates start (one-shot-prune: the prune epoch); default: per method, see below' },
  'sparsity-end': { type: 'number', min: 0, help: 'epoch of the last update (gradual-prune reaches --density here)' },
  'update-every': { type: 'int', min: 1, help: 'steps between updates (gradual-prune, rigl: 100; set: once per epoch)' },
  'drop-fraction': { type: 'number', min: 0, exclusiveMin: true, max: 1, help: 'set: fraction of edges replaced per update (0.3); rigl: initial drop fraction α (0.3)' },
  engine: { type: 'string', default: 'auto', choices: ENGINE_CHOICES, help: 'training engine: native (the whole network in the addon; sparse mode only), tfjs, or auto (native when the addon has it and --mode is sparse)' },
  backend: { type: 'string', choices: engineChoices, help: 'tfjs backend for the tfjs engine (default: auto, or TFJS_BACKEND)' },
  save: { type: 'string', help: 'save the trained model (model.json + weights.bin) to this directory' },
  'save-record': { type: 'string', help: 'append the run record to the result store NAME (DIR/NAME/results.jsonl; npm run results -- --preset NAME lists it)' },
  'results-dir': { type: 'string', help: 'with --save-record: the results root (default data/results)' },
  overwrite: { type: 'boolean', help: 'allow --save to replace an existing model' },
  json: { type: 'boolean', help: 'print the result record as one JSON object on the last line of stdout' },
} as const satisfies FlagSpecs;

type TrainFlags = Flags<typeof flagSpecs>;

runCli({
  usage: 'npm run train --',
  summary: 'Train one network whose layers are sparse graphs (an MLP, or LeNet-5 with --model lenet5), with the paper\'s recipe unless told otherwise; prints per-epoch metrics and the final test accuracy.',
  flags: flagSpecs,
  epilog: [
    'Sparsity defaults (E = --epochs): gradual-prune begin 0.1E, end 0.5E, every 100 steps (cubic schedule);',
    'one-shot-prune begin 0.5E; set ζ 0.3 after every epoch but the last; rigl α 0.3 every 100 steps until 0.75E.',
    'Example: npm run train -- --arch 300,100 --topology regular --density 0.1 --epochs 5',
    'Example: npm run train -- --density 0.05 --sparsity rigl --epochs 10',
    'Example: npm run train -- --model lenet5 --channel-topology c3 --density 0.25 --epochs 5',
  ].join('\n'),
}, async flags => {
  const config = configFromFlags(flags);
  const engine = checkBeforeWork(config, flags);
  const store = flags['save-record'] ? recordStore(flags['save-record'], flags['results-dir']) : undefined;
  const { record, model } = await train(config, {
    engine,
    keepModel: Boolean(flags.save),
    onEpoch: m => {
      if (!flags.json) {
        console.log(`epoch ${String(m.epoch).padStart(2)}  loss ${m.loss.toFixed(4)}  train ${pct(m.trainAccuracy)}  `
          + `val ${pct(m.valAccuracy)}  ${m.seconds.toFixed(2)} s`);
      }
    },
  });
  if (model && flags.save) {
    await model.save(fileSystemHandler(flags.save));
    model.dispose();
  }
  if (store) store.append(runKey(config), record);
  if (flags.json) printJson(record);
  else printSummary(record, flags.save);
});

/** The run the flags describe, over trainConfig()'s defaults. */
function configFromFlags(flags: TrainFlags): TrainConfig {
  const model = flags.model as ModelFamily;
  const arch = flags.arch === undefined ? [...(model === 'lenet5' ? LENET5_HIDDEN : D.arch)] : integerList('--arch', flags.arch);
  const cnn = {
    ...(flags['channel-topology'] !== undefined ? { channelTopology: flags['channel-topology'] as ChannelTopology } : {}),
    ...(flags['channel-density'] !== undefined ? { channelDensity: flags['channel-density'] } : {}),
    ...(flags.channels !== undefined ? { channels: integerList('--channels', flags.channels) as [number, number] } : {}),
  };
  const config = trainConfig({
    dataset: flags.dataset as DatasetName, model, ...cnn, arch, topology: flags.topology as TopologyKind, density: flags.density,
    allocation: flags.allocation as Allocation, denseOutput: !flags['sparse-output'], mode: flags.mode as LayerMode,
    epochs: flags.epochs, batchSize: flags.batch, learningRate: flags.lr,
    learningRateSchedule: flags['lr-schedule'] as LearningRateSchedule, validationFraction: flags.validation, seed: flags.seed,
    ...(flags['train-limit'] ? { trainLimit: flags['train-limit'] } : {}),
    ...(flags.patience ? { earlyStopPatience: flags.patience } : {}),
  });
  const sparsity: SparsityConfig = {
    method: flags.sparsity as SparsityMethod, begin: flags['sparsity-begin'], end: flags['sparsity-end'],
    updateEvery: flags['update-every'], dropFraction: flags['drop-fraction'],
  };
  // 'fixed' with no parameters stays absent, so the config (and its run key) is what it was before sparsity existed;
  // otherwise the defaults are written out, so the record says exactly which schedule ran.
  const anyParam = [sparsity.begin, sparsity.end, sparsity.updateEvery, sparsity.dropFraction].some(v => v !== undefined);
  if (sparsity.method !== 'fixed') config.sparsity = resolveSparsity(sparsity, config.epochs);
  else if (anyParam) config.sparsity = sparsity;
  try { validateTrainConfig(config); } catch (err) { throw err instanceof ConfigError ? new UsageError(err.message) : err; }
  return config;
}

function integerList(flag: string, text: string): number[] {
  const list = text.split(',').map(s => Number(s.trim()));
  if (list.some(n => !Number.isInteger(n) || n < 1)) throw new UsageError(`${flag} must be comma-separated positive integers (got '${text}')`);
  return list;
}

/** Everything that would fail after loading data or after training fails now: graphs, memory, engine, output. */
function checkBeforeWork(config: TrainConfig, flags: TrainFlags): EngineChoice {
  const unfit = runBuildProblem(config) ?? runMemoryProblem(config, availableMemoryBytes());
  if (unfit) throw new UsageError(`${runLabel(config)}: ${unfit}`);
  const engine = flags.engine as EngineChoice;
  try { chooseEngine(engine, config.mode, config.model); } catch (err) { throw new UsageError((err as Error).message); }
  if (flags.save) {
    checkInput(() => checkOutputFolder('--save', flags.save!));
    if (existsSync(path.join(flags.save, MODEL_JSON)) && !flags.overwrite) {
      throw new UsageError(`${flags.save} already holds a model; pass --overwrite to replace it`);
    }
  }
  if (flags.backend) process.env.TFJS_BACKEND = flags.backend;
  return engine;
}

/** The store --save-record appends to, checked writable now so a finished run is never lost to a bad path. */
function recordStore(name: string, dir: string | undefined): { append(key: string, record: RunRecord): unknown } {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`--save-record ${name}: a store name is letters, digits, '.', '_' or '-'`);
  const resultsDir = path.resolve(dir ?? defaultResultsDir);
  checkInput(() => checkOutputFolder('--results-dir', resultsDir));
  const store = openResultStore(resultsFileFor(resultsDir, name));
  checkInput(() => store.checkWritable());
  return store;
}

/** The run in a line, and for a rewired or pruned run each sparse layer's final graph (it exists nowhere else). */
function printSummary(record: RunRecord, saved: string | undefined): void {
  const c = record.config;
  console.log(`test accuracy ${pct(record.testAccuracy)} (best validation epoch ${record.bestEpoch}); `
    + `${record.connections} connections, ${record.params} parameters${c.denseOutput ? '' : ' (the output layer is sparse too)'}; engine ${record.engine}`
    + `${record.engine === 'tfjs' ? ` (backend ${record.backend}, kernel ${record.kernel})` : ''}`
    + `${saved ? `; saved to ${saved}` : ''}`);
  if (!c.sparsity || c.sparsity.method === 'fixed') return;
  record.layers.forEach((l, i) => {
    const g = l.finalGraph;
    if (g) console.log(`layer ${i + 1} final graph (${l.nIn}→${l.nOut}, ${l.nnz} edges): spectral gap ${g.spectralGap.toFixed(3)}, `
      + `algebraic connectivity ${g.algebraicConnectivity.toFixed(3)}, fan-in ${g.fanIn.min}–${g.fanIn.max}, `
      + `${g.deadInputs} input(s) and ${g.deadOutputs} output(s) without edges`);
  });
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
