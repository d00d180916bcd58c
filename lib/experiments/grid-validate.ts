// Checks a grid read from a user's JSON file, failing with one line that names the bad field, before any work.
import type { TopologyKind } from '../topology/spec';
import type { Allocation, ChannelTopology, DatasetName, LayerMode, ModelFamily } from '../train/config';
import { MAX_LAYER_UNITS } from '../base/limits';
import { hasOwnKey } from '../base/own-key';
import { gridSizeProblem, type GridSpec } from './grid';
import { sparsityProblem } from '../sparsity/config';
import { checkTopologyOptions, generators } from '../topology/registry';
import type { LearningRateSchedule } from '../train/lr-schedule';
import { trainConfig } from '../train/defaults';

// Records keyed by the union types make the compiler flag a kind added to the type but missing here.
const TOPOLOGIES: Record<TopologyKind, true> = { dense: true, random: true, regular: true, circulant: true, 'pseudo-random': true, local: true, 'small-world': true };
const DATASETS: Record<DatasetName, true> = { mnist: true, 'fashion-mnist': true };
const ALLOCATIONS: Record<Allocation, true> = { uniform: true, 'erdos-renyi': true };
const MODES: Record<LayerMode, true> = { sparse: true, masked: true };
const LR_SCHEDULES: Record<LearningRateSchedule, true> = { constant: true, cosine: true };
const MODELS: Record<ModelFamily, true> = { mlp: true, lenet5: true };
const CHANNEL_TOPOLOGIES: Record<ChannelTopology, true> = { ...TOPOLOGIES, c3: true };

export class GridSpecError extends Error {}

type Check = (value: unknown, field: string) => void;
const fail = (field: string, rule: string, value: unknown): never => {
  throw new GridSpecError(`${field} must be ${rule} (got ${JSON.stringify(value) ?? String(value)})`);
};
const oneOf = (allowed: Record<string, true>): Check => (v, f) => {
  if (typeof v !== 'string' || !hasOwnKey(allowed, v)) fail(f, `one of ${Object.keys(allowed).join(', ')}`, v);
};
const int = (min: number, max = Infinity): Check => (v, f) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(f, max === Infinity ? `an integer >= ${min}` : `an integer in ${min}..${max}`, v);
};
const numberWhere = (ok: (x: number) => boolean, rule: string): Check => (v, f) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) fail(f, rule, v);
};
const nonEmptyList = (item: Check): Check => (v, f) => {
  if (!Array.isArray(v) || v.length === 0) fail(f, 'a non-empty array', v);
  (v as unknown[]).forEach((x, i) => item(x, `${f}[${i}]`));
};
const bool: Check = (v, f) => { if (typeof v !== 'boolean') fail(f, 'true or false', v); };

type OptionalField = 'trainLimit' | 'earlyStopPatience' | 'learningRateSchedule' | 'sparsities' | 'topologyOptions' | 'permutePixels' | 'connections'
  | 'models' | 'channelTopologies' | 'channelDensities';
const REQUIRED: Record<Exclude<keyof GridSpec, OptionalField>, Check> = {
  datasets: nonEmptyList(oneOf(DATASETS)),
  archs: nonEmptyList(nonEmptyList(int(1, MAX_LAYER_UNITS))),
  topologies: nonEmptyList(oneOf(TOPOLOGIES)),
  densities: nonEmptyList(numberWhere(x => x > 0 && x <= 1, 'a number in (0, 1]')),
  allocations: nonEmptyList(oneOf(ALLOCATIONS)),
  modes: nonEmptyList(oneOf(MODES)),
  seeds: nonEmptyList(int(0)),
  epochs: int(1),
  batchSize: int(1),
  learningRate: numberWhere(x => x > 0, 'a number > 0'),
  validationFraction: numberWhere(x => x >= 0 && x < 1, 'a number in [0, 1)'),
  denseOutput: bool,
};
const OPTIONAL: Record<OptionalField, Check> = {
  trainLimit: int(1), earlyStopPatience: int(0), learningRateSchedule: oneOf(LR_SCHEDULES),
  // The entries are checked in parseGridSpec, against the grid's epochs (a schedule must fit in the run).
  sparsities: nonEmptyList(() => undefined),
  // Values are checked per kind in parseGridSpec (a kind's own options and ranges, lib/topology/registry).
  topologyOptions: (v, f) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(f, 'an object of option → list of values', v);
    for (const [name, values] of Object.entries(v as Record<string, unknown>)) nonEmptyList(() => undefined)(values, `${f}.${name}`);
  },
  permutePixels: nonEmptyList((v, f) => { if (v !== null) int(0)(v, f); }),
  connections: nonEmptyList(int(1)),
  models: nonEmptyList(oneOf(MODELS)),
  channelTopologies: nonEmptyList(oneOf(CHANNEL_TOPOLOGIES)),
  channelDensities: nonEmptyList(numberWhere(x => x > 0 && x <= 1, 'a number in (0, 1]')),
};

/**
 * A grid file names only what it varies: every field it leaves out takes the default of a single run (784-300-100-10
 * on MNIST, random at 10%, sparse mode, seed 1, the paper's training recipe).
 */
export const GRID_DEFAULTS: GridSpec = (() => {
  const c = trainConfig();
  return {
    datasets: [c.dataset], archs: [c.arch], topologies: [c.topology], densities: [c.density], allocations: [c.allocation],
    modes: [c.mode], seeds: [c.seed], epochs: c.epochs, batchSize: c.batchSize, learningRate: c.learningRate,
    validationFraction: c.validationFraction, denseOutput: c.denseOutput,
    ...(c.learningRateSchedule ? { learningRateSchedule: c.learningRateSchedule } : {}),
  };
})();

/**
 * Validate an untrusted value as a GridSpec over GRID_DEFAULTS. Every unknown or wrong field is reported at once, in
 * one line (a user fixing a grid file should not meet its problems one run at a time).
 */
export function parseGridSpec(value: unknown): GridSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('the grid', 'a JSON object', value);
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  const collect = (check: () => void) => {
    try { check(); } catch (err) { if (err instanceof GridSpecError) problems.push(err.message); else throw err; }
  };
  const known = [...Object.keys(REQUIRED), ...Object.keys(OPTIONAL)];
  const unknown = Object.keys(obj).filter(key => !hasOwnKey(REQUIRED, key) && !hasOwnKey(OPTIONAL, key)); // own keys: "__proto__" is no field
  if (unknown.length) problems.push(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not grid fields' : 'is not a grid field'} (known: ${known.join(', ')})`);
  for (const [key, check] of [...Object.entries(REQUIRED), ...Object.entries(OPTIONAL)]) {
    if (hasOwnKey(obj, key) && obj[key] !== undefined) collect(() => check(obj[key], key));
  }
  if (problems.length) throw new GridSpecError(problems.join('; '));
  const grid = { ...GRID_DEFAULTS, ...Object.fromEntries(Object.keys(obj).filter(k => obj[k] !== undefined).map(k => [k, obj[k]])) } as GridSpec;
  for (const [name, values] of Object.entries(grid.topologyOptions ?? {})) {
    const takers = grid.topologies.filter(kind => hasOwnKey(generators[kind].options, name));
    if (takers.length === 0) problems.push(`topologyOptions.${name}: no topology of the grid takes it`);
    for (const kind of takers) for (const value of values) {
      try { checkTopologyOptions(kind, { [name]: value }); } catch (err) { problems.push(`topologyOptions.${name}: ${(err as Error).message.replace(/^topology: /, '')}`); }
    }
  }
  ((grid.sparsities ?? []) as unknown[]).forEach((s, i) => {
    const problem = sparsityProblem(s, grid.epochs);
    if (problem) problems.push(`sparsities[${i}]: ${problem}`);
  });
  if ((grid.channelTopologies || grid.channelDensities) && !(grid.models ?? []).includes('lenet5')) {
    problems.push('channelTopologies and channelDensities: only lenet5 has channel tables (add it to models)');
  }
  if (grid.connections && (grid.models ?? []).includes('lenet5')) problems.push('connections: budgets are for MLPs; give lenet5 densities');
  const tooLarge = gridSizeProblem(grid);
  if (tooLarge) problems.push(tooLarge);
  if (problems.length) throw new GridSpecError(problems.join('; '));
  return grid;
}
