// Magnitude pruning of a trained network in one call, as torch.nn.utils.prune users expect: keep the largest |w|,
// per layer (each layer to the density) or globally (the density over the chosen layers together, so layers with
// many small weights lose more). The result is installed through the one rewiring mechanism (setTopology): the same
// as every pruning schedule, only chosen once. Fine-tune afterwards with the trainer (train(config, { from })).
import { expectedNnz } from '../topology/registry';
import type { RewirableLayer } from './network';
import { keepEdges, keepLargest, topK } from './select';

export interface MagnitudePruneOptions {
  /** Fraction of each layer's (or the chosen layers' together) nIn·nOut positions to keep, in (0, 1]. */
  density: number;
  /** 'layer' (default): every chosen layer to `density`; 'global': one magnitude threshold over all of them. */
  scope?: 'layer' | 'global';
  /** Which layers (indices; default all but the last: the paper keeps the output layer dense). */
  layers?: readonly number[];
}

/** Prune in place; returns the edges each layer kept. A layer never gains edges. */
export function pruneByMagnitude(layers: readonly RewirableLayer[], opts: MagnitudePruneOptions): number[] {
  if (!(opts.density > 0 && opts.density <= 1)) throw new Error(`pruneByMagnitude: density must be in (0, 1] (got ${opts.density})`);
  const chosen = opts.layers ?? layers.map((_, l) => l).slice(0, -1);
  for (const l of chosen) if (!layers[l]) throw new Error(`pruneByMagnitude: no layer ${l} (the network has ${layers.length})`);
  if ((opts.scope ?? 'layer') === 'layer') {
    for (const l of chosen) {
      const layer = layers[l];
      const keep = Math.min(layer.nnz, expectedNnz({ kind: 'random', density: opts.density }, layer.csr.nIn, layer.csr.nOut));
      if (keep < layer.nnz) layer.setTopology(keepLargest(layer.csr, layer.edgeValues(), keep));
    }
  } else {
    pruneGlobally(chosen.map(l => layers[l]), opts.density);
  }
  return layers.map(l => l.nnz);
}

/**
 * One ranking of every chosen edge by |w| (ties: the earlier layer, then the lower edge), the top ones kept. Each layer
 * keeps at least its largest edge: a layer with none would disconnect the network, whatever the ranking says.
 */
function pruneGlobally(layers: readonly RewirableLayer[], density: number): void {
  const values = layers.map(l => l.edgeValues());
  const offsets = [0];
  for (const v of values) offsets.push(offsets[offsets.length - 1] + v.length);
  const total = offsets[offsets.length - 1];
  const positions = layers.reduce((s, l) => s + l.csr.nIn * l.csr.nOut, 0);
  const keep = Math.min(total, Math.max(layers.length, Math.round(density * positions)));
  const magnitude = new Float64Array(total);
  values.forEach((v, t) => v.forEach((w, k) => { magnitude[offsets[t] + k] = Math.abs(w); }));
  const reserved = layers.map((_, t) => offsets[t] + topK(Int32Array.from(values[t], (_v, k) => k), magnitude.subarray(offsets[t], offsets[t + 1]), 1)[0]);
  const rest = Int32Array.from({ length: total }, (_, e) => e).filter(e => !reserved.includes(e));
  const kept = new Set([...reserved, ...topK(rest, Float64Array.from(rest, e => magnitude[e]), keep - reserved.length)]);
  layers.forEach((layer, t) => {
    const mine = Int32Array.from({ length: offsets[t + 1] - offsets[t] }, (_, k) => k).filter(k => kept.has(offsets[t] + k));
    if (mine.length < layer.nnz) layer.setTopology(keepEdges(layer.csr, mine));
  });
}
