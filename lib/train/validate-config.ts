// A TrainConfig is checked before any work: one line naming the bad field, never a failure deep inside tfjs.
import { MAX_LAYER_UNITS } from '../base/limits';
import { checkTopologyOptions, topologyKinds } from '../topology/registry';
import { DATASET_NAMES } from '../data/datasets';
import { LENET5_CHANNELS, MODEL_FAMILIES, type TrainConfig } from './config';
import { CHANNEL_TOPOLOGIES } from '../topology/channel-table';
import { LR_SCHEDULES } from './lr-schedule';
import { isPruneMethod, sparsityProblem } from '../sparsity/config';

export class ConfigError extends Error {}

export function validateTrainConfig(c: TrainConfig): void {
  const fail = (field: string, why: string, got: unknown): never => {
    throw new ConfigError(`${field} ${why} (got ${JSON.stringify(got)})`);
  };
  const positiveInt = (field: keyof TrainConfig, v: unknown) => {
    if (!Number.isInteger(v) || (v as number) < 1) fail(field, 'must be a positive integer', v);
  };
  if (!DATASET_NAMES.includes(c.dataset)) fail('dataset', `must be one of ${DATASET_NAMES.join(', ')}`, c.dataset);
  if (!Array.isArray(c.arch) || c.arch.some(n => !Number.isInteger(n) || n < 1 || n > MAX_LAYER_UNITS)) {
    fail('arch', `must be a list of integers in 1..${MAX_LAYER_UNITS}`, c.arch);
  }
  if (!topologyKinds.includes(c.topology)) fail('topology', `must be one of ${topologyKinds.join(', ')}`, c.topology);
  if (!(c.density > 0 && c.density <= 1)) fail('density', 'must be in (0, 1]', c.density);
  if (c.allocation !== 'uniform' && c.allocation !== 'erdos-renyi') fail('allocation', 'must be uniform or erdos-renyi', c.allocation);
  if (c.mode !== 'sparse' && c.mode !== 'masked') fail('mode', 'must be sparse or masked', c.mode);
  positiveInt('epochs', c.epochs);
  positiveInt('batchSize', c.batchSize);
  if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) fail('learningRate', 'must be a positive number', c.learningRate);
  if (!(c.validationFraction >= 0 && c.validationFraction < 1)) fail('validationFraction', 'must be in [0, 1)', c.validationFraction);
  if (!Number.isInteger(c.seed)) fail('seed', 'must be an integer', c.seed);
  if (c.trainLimit !== undefined) positiveInt('trainLimit', c.trainLimit);
  if (c.permutePixels !== undefined && !Number.isInteger(c.permutePixels)) fail('permutePixels', 'must be an integer seed', c.permutePixels);
  if (c.topologyOptions !== undefined) {
    try { checkTopologyOptions(c.topology, c.topologyOptions); } catch (err) { throw new ConfigError(`topologyOptions: ${(err as Error).message.replace(/^topology: /, '')}`); }
  }
  if (c.learningRateSchedule !== undefined && !(LR_SCHEDULES as readonly string[]).includes(c.learningRateSchedule)) {
    fail('learningRateSchedule', `must be one of ${LR_SCHEDULES.join(', ')}`, c.learningRateSchedule);
  }
  if (c.earlyStopPatience !== undefined && !(Number.isInteger(c.earlyStopPatience) && c.earlyStopPatience >= 0)) {
    fail('earlyStopPatience', 'must be a non-negative integer', c.earlyStopPatience);
  }
  if (c.sparsity !== undefined) checkSparsity(c);
  checkModel(c, fail);
}

// LeNet-5's own fields, only with model 'lenet5'; a CNN trains fixed graphs in sparse mode (its layers share weights).
function checkModel(c: TrainConfig, fail: (field: string, why: string, got: unknown) => never): void {
  if (c.model !== undefined && !MODEL_FAMILIES.includes(c.model)) fail('model', `must be one of ${MODEL_FAMILIES.join(', ')}`, c.model);
  const cnnFields = (['channelTopology', 'channelDensity', 'channels'] as const).filter(f => c[f] !== undefined);
  if (c.model !== 'lenet5') {
    if (cnnFields.length) fail(cnnFields[0], 'applies to model lenet5 only', c[cnnFields[0]]);
    return;
  }
  if (c.mode !== 'sparse') fail('mode', 'must be sparse for lenet5 (its convolutions are tied sparse graphs)', c.mode);
  if (c.sparsity !== undefined && c.sparsity.method !== 'fixed') fail('sparsity', 'must be fixed for lenet5 (its convolutions share weights, so their graphs cannot be rewired)', c.sparsity.method);
  if (c.channelTopology !== undefined && !CHANNEL_TOPOLOGIES.includes(c.channelTopology)) {
    fail('channelTopology', `must be one of ${CHANNEL_TOPOLOGIES.join(', ')}`, c.channelTopology);
  }
  if (c.channelDensity !== undefined && !(c.channelDensity > 0 && c.channelDensity <= 1)) fail('channelDensity', 'must be in (0, 1]', c.channelDensity);
  if (c.channels !== undefined && !(Array.isArray(c.channels) && c.channels.length === 2 && c.channels.every(n => Number.isInteger(n) && n >= 1 && n <= 256))) {
    fail('channels', 'must be two integers in 1..256 (the maps of C1 and C3)', c.channels);
  }
  const [c1, c3] = c.channels ?? LENET5_CHANNELS;
  if (c.channelTopology === 'c3' && (c1 !== 6 || c3 !== 16)) fail('channels', 'must be [6, 16] for the c3 table', c.channels);
}

function checkSparsity(c: TrainConfig): void {
  const problem = sparsityProblem(c.sparsity, c.epochs);
  if (problem) throw new ConfigError(problem);
  const method = c.sparsity!.method;
  if (method === 'fixed') return;
  if (c.density >= 1 || c.topology === 'dense') {
    throw new ConfigError(`sparsity ${method} needs a sparse network (got topology ${c.topology}, density ${c.density})`);
  }
  // Prune methods choose their graph by magnitude from the dense net; a topology name would be a second, unused name for one run.
  if (isPruneMethod(method) && c.topology !== 'random') {
    throw new ConfigError(`topology does not apply to ${method} (it starts dense and prunes by magnitude): leave it at random (got "${c.topology}")`);
  }
}
