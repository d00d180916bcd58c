// The one dispatch table from a TopologySpec to its generator: `generate(spec, nIn, nOut)` is what layers call.
// Every generator is a pure function of (nIn, nOut, density, seed, options) returning CSR with sorted unique rows.
import { ownValue } from '../base/own-key';
import type { Csr } from './csr';
import type { TopologyKind, TopologySpec } from './spec';
import { checkDensity, checkEdgeCount, checkSeed, checkShape } from './validate';
import { denseNnz, generateDense } from './generators/dense';
import { generateRandom, randomNnz } from './generators/random';
import { generateRegular, regularNnz } from './generators/regular';
import { CIRCULANT_OFFSETS, CirculantOffsets, DEFAULT_OFFSETS, circulantNnz, generateCirculant } from './generators/circulant';
import { generatePseudoRandom, pseudoRandomNnz } from './generators/pseudo-random';
import { generateLocal, localNnz } from './generators/local';
import { generateSmallWorld, smallWorldNnz } from './generators/small-world';

export type TopologyOptions = NonNullable<TopologySpec['options']>;

/** An option's allowed values: a list (the first is the default), or a number range with a default. */
export type OptionValues = readonly string[] | { min: number; max: number; default: number };

export interface TopologyGenerator {
  summary: string;
  /** False for kinds whose graph does not depend on the seed. */
  seeded: boolean;
  /** Accepted option names and their allowed values. */
  options: Record<string, OptionValues>;
  /** True for kinds that read the input's 2-D shape (spec.inputShape) and fall back to 1-D without one. */
  usesInputShape?: boolean;
  /** Exact edge count the generator produces for this shape and density. */
  nnz(nIn: number, nOut: number, density: number): number;
  generate(nIn: number, nOut: number, density: number, seed: number, options: TopologyOptions, inputShape?: readonly [number, number]): Csr;
}

// small-world's rewiring probability when a spec names none: the registry's advertised default and the one generated.
const DEFAULT_REWIRE = 0.1;

export const generators: Record<TopologyKind, TopologyGenerator> = {
  dense: {
    summary: 'fully connected, nnz = nIn·nOut (density ignored)',
    seeded: false, options: {}, nnz: denseNnz,
    generate: (nIn, nOut) => generateDense(nIn, nOut),
  },
  random: {
    summary: 'Erdős–Rényi, exactly max(1, round(d·nIn·nOut)) uniform edges',
    seeded: true, options: {}, nnz: randomNnz,
    generate: (nIn, nOut, density, seed) => generateRandom(nIn, nOut, density, seed),
  },
  regular: {
    summary: 'random expander, fan-in k = max(1, round(d·nIn)), fan-out balanced within 1',
    seeded: true, options: {}, nnz: regularNnz,
    generate: (nIn, nOut, density, seed) => generateRegular(nIn, nOut, density, seed),
  },
  circulant: {
    summary: 'one shared offset set of k inputs per output, shifted along the inputs (seed-free)',
    seeded: false, options: { offsets: [DEFAULT_OFFSETS, ...CIRCULANT_OFFSETS.filter(o => o !== DEFAULT_OFFSETS)] },
    nnz: circulantNnz,
    generate: (nIn, nOut, density, _seed, options) =>
      generateCirculant(nIn, nOut, density, (options.offsets ?? DEFAULT_OFFSETS) as CirculantOffsets),
  },
  'pseudo-random': {
    summary: 'deterministic expander: Möbius-map decks of Z_p dealt like regular (seed-free)',
    seeded: false, options: {}, nnz: pseudoRandomNnz,
    generate: (nIn, nOut, density) => generatePseudoRandom(nIn, nOut, density),
  },
  local: {
    summary: 'each output reads the k pixels nearest its centre on the input image (a 1-D band without input geometry; seed-free)',
    seeded: false, options: {}, usesInputShape: true, nnz: localNnz,
    generate: (nIn, nOut, density, _seed, _options, shape) => generateLocal(nIn, nOut, density, shape),
  },
  'small-world': {
    summary: 'local graph with each edge moved to a random input with probability rewire (fan-in kept): 0 local, 1 random',
    seeded: true, options: { rewire: { min: 0, max: 1, default: DEFAULT_REWIRE } }, usesInputShape: true, nnz: smallWorldNnz,
    generate: (nIn, nOut, density, seed, options, shape) => generateSmallWorld(nIn, nOut, density, seed, Number(options.rewire ?? DEFAULT_REWIRE), shape),
  },
};

export const topologyKinds: TopologyKind[] = Object.keys(generators) as TopologyKind[];

function generatorFor(kind: string): TopologyGenerator {
  if (!Object.prototype.hasOwnProperty.call(generators, kind)) {
    throw new Error(`topology: unknown kind '${kind}' (known: ${topologyKinds.join(', ')})`);
  }
  return generators[kind as TopologyKind];
}

/** Throws one line unless every option is one the kind takes, with an allowed value. */
export function checkTopologyOptions(kind: string, options: TopologyOptions): void {
  checkOptions(kind, generatorFor(kind), options);
}

function checkOptions(kind: string, gen: TopologyGenerator, options: TopologyOptions): void {
  for (const [name, value] of Object.entries(options)) {
    const allowed = ownValue(gen.options, name);
    if (!allowed) throw new Error(`topology: kind '${kind}' has no option '${name}'`);
    if (Array.isArray(allowed)) {
      if (!allowed.includes(String(value))) throw new Error(`topology: option ${name} must be one of ${allowed.join(', ')} (got '${value}')`);
    } else {
      const range = allowed as { min: number; max: number };
      if (typeof value !== 'number' || !(value >= range.min && value <= range.max)) {
        throw new Error(`topology: option ${name} must be a number in [${range.min}, ${range.max}] (got ${JSON.stringify(value)})`);
      }
    }
  }
}

function checkInputShape(spec: TopologySpec, nIn: number): void {
  const shape = spec.inputShape;
  if (shape === undefined) return;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every(n => Number.isInteger(n) && n >= 1) || shape[0] * shape[1] !== nIn) {
    throw new Error(`topology: inputShape must be [rows, cols] with rows·cols = ${nIn} inputs (got ${JSON.stringify(shape)})`);
  }
}

/** Check a spec against a shape; throws a one-line Error naming the bad field. */
export function validateSpec(spec: TopologySpec, nIn: number, nOut: number): void {
  const gen = generatorFor(spec.kind);
  checkShape(nIn, nOut);
  checkDensity(spec.density);
  checkSeed(spec.seed);
  checkOptions(spec.kind, gen, spec.options ?? {});
  checkInputShape(spec, nIn);
}

/** The layer graph for a spec: nOut rows of sorted unique input indices. Same spec and shape → identical arrays. */
export function generate(spec: TopologySpec, nIn: number, nOut: number): Csr {
  validateSpec(spec, nIn, nOut);
  checkEdgeCount(generatorFor(spec.kind).nnz(nIn, nOut, spec.density), nIn, nOut);
  return generatorFor(spec.kind).generate(nIn, nOut, spec.density, spec.seed, spec.options ?? {}, spec.inputShape);
}

/** Edge count `generate` will produce, without building the graph (cost tables, budgets). */
export function expectedNnz(spec: Pick<TopologySpec, 'kind' | 'density'>, nIn: number, nOut: number): number {
  const gen = generatorFor(spec.kind);
  checkShape(nIn, nOut);
  checkDensity(spec.density);
  const nnz = gen.nnz(nIn, nOut, spec.density);
  checkEdgeCount(nnz, nIn, nOut);
  return nnz;
}
