// The graphs a stored run trained on, measured one way. The start graphs are regenerated from the run's config
// exactly as the trainer built them (allocateDensities + networkSpecs + generate); the final graphs are what the
// trainer measured and recorded (RunRecord layers[].finalGraph), which for a fixed graph is its start graph, so
// records made before the trainer recorded fixed graphs fall back to regenerating them.
import { allocateDensities } from '../topology/allocation';
import { layerMetrics } from '../topology/metrics';
import { networkSpecs } from '../topology/network';
import { generate, generators } from '../topology/registry';
import type { FinalGraphMetrics, RunRecord } from '../train/config';
import { runSizes, sparsityMethodOf } from './run-fields';

/** A network's expansion and reach, from its sparse layers' metrics. */
export interface GraphStats {
  /** Minimum over the sparse layers: a signal must cross every layer, so the worst-expanding one bounds the network. */
  spectralGap: number;
  algebraicConnectivity: number;
  /** The first layer's values (it holds most of the connections of the MNIST nets). */
  firstSpectralGap: number;
  firstAlgebraicConnectivity: number;
  /** The first layer's inputs with no edge (pixels the network never sees). */
  firstDeadInputs: number;
}

/** The network's stats from its sparse layers' metrics, input to output. */
export function networkGraphStats(layers: readonly Pick<FinalGraphMetrics, 'spectralGap' | 'algebraicConnectivity' | 'deadInputs'>[]): GraphStats {
  if (layers.length === 0) throw new Error('networkGraphStats: no sparse layer');
  return {
    spectralGap: Math.min(...layers.map(m => m.spectralGap)),
    algebraicConnectivity: Math.min(...layers.map(m => m.algebraicConnectivity)),
    firstSpectralGap: layers[0].spectralGap, firstAlgebraicConnectivity: layers[0].algebraicConnectivity,
    firstDeadInputs: layers[0].deadInputs,
  };
}

/** What determines a run's start graphs: seed-free classes share one entry across seeds. */
export function graphKey(r: RunRecord): string {
  const c = r.config;
  const seeded = generators[c.topology].seeded;
  return [runSizes(r).join('-'), c.allocation, c.denseOutput, c.topology, c.density, seeded ? c.seed : '-'].join('|');
}

/** The run's start graphs, regenerated as the trainer builds them, and measured. */
export function graphStats(r: RunRecord): GraphStats {
  const c = r.config;
  const sizes = runSizes(r);
  const densities = allocateDensities(sizes, c.density, c.allocation, { denseOutput: c.denseOutput });
  const metrics = networkSpecs(c.topology, densities, c.seed).flatMap((spec, l) => (spec.kind === 'dense' ? []
    : [layerMetrics(generate(spec, sizes[l], sizes[l + 1]))]));
  if (metrics.length === 0) throw new Error(`graphStats: run ${c.topology} ${c.density} has no sparse layer`);
  return networkGraphStats(metrics);
}

/** graphStats memoised by graphKey, across calls (and notebook cells). */
export class GraphStatsCache {
  private readonly cache = new Map<string, GraphStats>();
  constructor(private readonly compute: (r: RunRecord) => GraphStats = graphStats) {}
  get(r: RunRecord): GraphStats {
    const key = graphKey(r);
    let s = this.cache.get(key);
    if (!s) { s = this.compute(r); this.cache.set(key, s); }
    return s;
  }
  get size(): number { return this.cache.size; }
}

/**
 * The graphs the run ended training with: as the trainer measured them, else (a fixed graph recorded before fixed
 * graphs were measured) its start graphs; undefined for a changed graph nobody recorded or a run with no sparse layer.
 */
export function finalGraphStats(r: RunRecord, cache: GraphStatsCache): GraphStats | undefined {
  const measured = r.layers.flatMap(l => (l.finalGraph ? [l.finalGraph] : []));
  if (measured.length > 0) return networkGraphStats(measured);
  if (sparsityMethodOf(r.config) !== 'fixed' || r.config.topology === 'dense' || r.config.density >= 1) return undefined;
  return cache.get(r);
}
