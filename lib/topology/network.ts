// Network-level view of a chain of layer graphs (layer l's nOut = layer l+1's nIn): each layer's graph spec, and how
// much of the input each final output can see. Reachability propagates one bitset of first-layer inputs per unit.
import type { Csr } from './csr';
import type { TopologyKind, TopologySpec } from './spec';
import { generators } from './registry';

/** Throws unless consecutive layers agree on their shared size. */
export function checkChain(layers: Csr[]): void {
  if (layers.length === 0) throw new Error('network: no layers');
  for (let l = 1; l < layers.length; l++) {
    if (layers[l].nIn !== layers[l - 1].nOut) {
      throw new Error(`network: layer ${l} has nIn=${layers[l].nIn} but layer ${l - 1} has nOut=${layers[l - 1].nOut}`);
    }
  }
}

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** reach[u] (as counts) = number of first-layer inputs with a path to final output u. */
export function reachableInputCounts(layers: Csr[]): Int32Array {
  checkChain(layers);
  const words = Math.ceil(layers[0].nIn / 32);
  // Unit u of the current level owns bits [u·words, (u+1)·words).
  let sets = new Uint32Array(layers[0].nIn * words);
  for (let i = 0; i < layers[0].nIn; i++) sets[i * words + (i >>> 5)] = 1 << (i & 31);
  for (const layer of layers) {
    const next = new Uint32Array(layer.nOut * words);
    for (let j = 0; j < layer.nOut; j++) {
      for (let e = layer.rowPtr[j]; e < layer.rowPtr[j + 1]; e++) {
        const src = layer.colIdx[e] * words;
        for (let w = 0; w < words; w++) next[j * words + w] |= sets[src + w];
      }
    }
    sets = next;
  }
  const last = layers[layers.length - 1];
  return Int32Array.from({ length: last.nOut }, (_, u) => {
    let n = 0;
    for (let w = 0; w < words; w++) n += popcount(sets[u * words + w]);
    return n;
  });
}

/** Seed of layer l in a network seeded with `seed`: distinct per layer, and disjoint across run seeds below 1000. */
export function layerSeed(seed: number, layer: number): number {
  return seed * 1000 + layer;
}

/** The graph of each layer of a network: `kind` at the layer's allocated density, `dense` where that density is 1. */
export function networkSpecs(kind: TopologyKind, densities: number[], seed: number, options?: TopologySpec['options'],
  inputShape?: [number, number]): TopologySpec[] {
  // Only the first layer reads an image: a kind that uses the input's geometry gets its shape there, and hidden
  // layers (which have none) use its 1-D form.
  const shaped = inputShape !== undefined && generators[kind].usesInputShape;
  return densities.map((density, l): TopologySpec => density >= 1 || kind === 'dense'
    ? { kind: 'dense', density: 1, seed: layerSeed(seed, l) }
    : { kind, density, seed: layerSeed(seed, l), ...(options ? { options } : {}), ...(shaped && l === 0 ? { inputShape } : {}) });
}
