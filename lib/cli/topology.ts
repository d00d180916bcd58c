// `npm run topology`: build one layer graph (or a whole network with --arch) and print its metrics.
import { writeFileSync } from 'node:fs';
import { checkInput, runCli, printJson, UsageError } from './args';
import { availableMemoryBytes } from '../base/available-memory';
import { formatBytes } from '../base/format-bytes';
import { MAX_LAYER_UNITS } from '../base/limits';
import { checkOutputFile } from '../base/output-path';
import { progressBar } from '../base/progress-bar';
import { expectedNnz, generate, generators, topologyKinds, validateSpec } from '../topology/registry';
import type { TopologySpec, TopologyKind } from '../topology/spec';
import { layerMetrics, LayerMetrics } from '../topology/metrics';
import { networkSpecs, reachableInputCounts } from '../topology/network';
import { ALLOCATIONS, AllocationMethod, allocateDensities, checkLayerSizes, layerShapes } from '../topology/allocation';
import { costTable } from '../topology/cost';
import { CIRCULANT_OFFSETS } from '../topology/generators/circulant';
import type { Csr } from '../topology/csr';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

function metricLines(m: LayerMetrics): string[] {
  return [
    `shape            ${m.nIn} -> ${m.nOut}`,
    `nnz              ${m.nnz} (density ${fmt(m.density)})`,
    `fan-in           min ${m.fanIn.min}  mean ${fmt(m.fanIn.mean)}  max ${m.fanIn.max}`,
    `fan-out          min ${m.fanOut.min}  mean ${fmt(m.fanOut.mean)}  max ${m.fanOut.max}`,
    `dead in / out    ${m.deadInputs} / ${m.deadOutputs}`,
    `spectral gap     ${fmt(m.spectralGap)}  (1 - s2/s1 of the bi-adjacency)`,
    `alg. connectivity ${fmt(m.algebraicConnectivity)}  (Laplacian lambda2)`,
  ];
}

function table(rows: Record<string, unknown>[]): string[] {
  const cols = Object.keys(rows[0]);
  const cells = rows.map(r => cols.map(c => (typeof r[c] === 'number' ? fmt(r[c] as number) : String(r[c]))));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map(row => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i])).join('  ');
  return [line(cols), ...cells.map(line)];
}

// Per edge: the CSR index, the metrics' copies and Lanczos vectors; per unit: degree counts and bitsets (generous).
const BYTES_PER_EDGE = 32, BYTES_PER_UNIT = 256;

/** Throws (one line) unless every layer can be generated and measured in the memory available, before any work. */
function checkFits(layers: [TopologySpec, number, number][]): void {
  let bytes = 0;
  for (const [spec, nIn, nOut] of layers) {
    validateSpec(spec, nIn, nOut);
    bytes += expectedNnz(spec, nIn, nOut) * BYTES_PER_EDGE + (nIn + nOut) * BYTES_PER_UNIT;
  }
  const available = availableMemoryBytes();
  if (bytes > available) throw new Error(`generating and measuring these graphs needs about ${formatBytes(bytes)} but ${formatBytes(available)} is available`);
}

function parseArch(text: string): number[] {
  const sizes = text.split(',').map(s => Number(s.trim()));
  try { checkLayerSizes(sizes); } catch (err) { throw new UsageError(`--arch: ${(err as Error).message}`); }
  if (sizes.some(n => n > MAX_LAYER_UNITS)) throw new UsageError(`--arch: layer sizes must be at most ${MAX_LAYER_UNITS} (got ${text})`);
  return sizes;
}

runCli({
  usage: 'npm run topology --',
  summary: 'Generate a sparse layer graph and print its metrics (nnz, fan-in/out, dead units, spectral gap, algebraic '
    + 'connectivity); with --arch, a whole network with its cost table.',
  flags: {
    kind: { type: 'string', help: 'topology kind', choices: topologyKinds, default: 'random' },
    in: { type: 'int', help: 'inputs of the layer', min: 1, max: MAX_LAYER_UNITS, default: 784 },
    out: { type: 'int', help: 'outputs of the layer', min: 1, max: MAX_LAYER_UNITS, default: 300 },
    density: { type: 'number', help: 'fraction of the nIn·nOut connections, in (0, 1]', min: 0, exclusiveMin: true, max: 1, default: 0.1 },
    seed: { type: 'int', help: 'generator seed (also seeds the Lanczos start vectors)', default: 0 },
    offsets: { type: 'string', help: 'circulant offset set (default: band, which trains better)', choices: CIRCULANT_OFFSETS },
    csr: { type: 'string', help: 'write the layer as JSON {nIn,nOut,rowPtr,colIdx} to this file' },
    arch: { type: 'string', help: 'whole network as layer sizes, e.g. 784,300,100,10 (ignores --in/--out/--csr)' },
    allocation: { type: 'string', help: 'per-layer densities for --arch', choices: ALLOCATIONS, default: 'uniform' },
    'dense-output': { type: 'boolean', help: 'with --arch: last layer dense, outside the density budget' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: `Kinds:\n${topologyKinds.map(k => `  ${k.padEnd(15)}${generators[k].summary}`).join('\n')}\n\n`
    + 'Examples:\n  npm run topology -- --kind regular --in 784 --out 300 --density 0.1 --seed 1\n'
    + '  npm run topology -- --kind circulant --offsets band --arch 784,300,100,10 --allocation erdos-renyi --json',
}, (flags) => {
  const kind = flags.kind as TopologyKind;
  if (flags.offsets !== undefined && kind !== 'circulant') throw new UsageError('--offsets applies only to --kind circulant');
  const options = flags.offsets !== undefined ? { offsets: flags.offsets } : undefined;
  const log = flags.json ? () => {} : (line: string) => console.log(line);

  if (flags.arch === undefined) {
    const spec: TopologySpec = { kind, density: flags.density, seed: flags.seed, ...(options ? { options } : {}) };
    checkInput(() => checkFits([[spec, flags.in, flags.out]]));
    if (flags.csr) checkInput(() => checkOutputFile('--csr', flags.csr!, { existing: 'replace' }));
    const csr = generate(spec, flags.in, flags.out);
    const m = layerMetrics(csr, { seed: flags.seed });
    log(`${kind}${options ? ` (offsets ${options.offsets})` : ''}, seed ${flags.seed}`);
    metricLines(m).forEach(l => log(l));
    if (flags.csr) {
      writeFileSync(flags.csr, JSON.stringify({ nIn: csr.nIn, nOut: csr.nOut, rowPtr: Array.from(csr.rowPtr), colIdx: Array.from(csr.colIdx) }));
      log(`wrote ${flags.csr}`);
    }
    if (flags.json) printJson({ kind, ...(options ?? {}), seed: flags.seed, requestedDensity: flags.density, ...m });
    return;
  }

  const sizes = parseArch(flags.arch);
  const densities = allocateDensities(sizes, flags.density, flags.allocation as AllocationMethod, { denseOutput: flags['dense-output'] });
  const shapes = layerShapes(sizes);
  const specs = networkSpecs(kind, densities, flags.seed, options);
  checkInput(() => checkFits(specs.map((spec, l) => [spec, ...shapes[l]])));
  const bar = flags.json ? null : progressBar('layers', shapes.length, 'layers');
  const layers: Csr[] = [];
  const metrics: LayerMetrics[] = [];
  shapes.forEach(([nIn, nOut], l) => {
    layers.push(generate(specs[l], nIn, nOut));
    metrics.push(layerMetrics(layers[l], { seed: flags.seed }));
    bar?.update(l + 1);
  });
  bar?.stop();
  const cost = costTable(sizes, densities, kind);
  const reach = Array.from(reachableInputCounts(layers), c => c / sizes[0]);
  log(`${kind}, ${flags.allocation} allocation at density ${flags.density}${flags['dense-output'] ? ', dense output' : ''}, layer seeds ${flags.seed}·1000+layer`);
  log('');
  table(cost.map(r => ({ ...r }))).forEach(l => log(l));
  log('');
  table(metrics.map((m, l) => ({
    layer: l, shape: `${m.nIn}x${m.nOut}`, nnz: m.nnz, fanIn: `${m.fanIn.min}-${m.fanIn.max}`, fanOut: `${m.fanOut.min}-${m.fanOut.max}`,
    deadIn: m.deadInputs, deadOut: m.deadOutputs, spectralGap: m.spectralGap, algConnectivity: m.algebraicConnectivity,
  }))).forEach(l => log(l));
  log('');
  log(`inputs reaching each output: min ${fmt(Math.min(...reach))}  mean ${fmt(reach.reduce((a, b) => a + b, 0) / reach.length)}`);
  if (flags.json) {
    printJson({ kind, ...(options ?? {}), arch: sizes, density: flags.density, allocation: flags.allocation,
      denseOutput: flags['dense-output'], densities, cost, layers: metrics, reachableFraction: reach });
  }
});
