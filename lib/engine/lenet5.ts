// LeNet-5 (LeCun et al. 1998) as the engine's layers: C1 conv 5×5 → S2 average pool 2 → C3 conv 5×5 → S4 average pool
// 2 → fully connected layers → output. Convolutions are weight-tied sparse graphs (lib/topology/conv-graph.ts), the
// pools fixed averaging graphs, the fully connected layers the project's sparse layers: one network of CSR layers
// that the native engine trains like any MLP. C3's channel table (which S2 maps each C3 map reads) is a graph too.
// As in the paper's LeNet-5 the 28×28 digits are padded to 32×32 (C1's padding 2); ReLU stands in for its scaled tanh
// and plain averaging for its trained subsampling gain.
import { heUniformFanIn, heUniformShared } from '../layers/init';
import { averagePoolGraph, convGraph, untie } from '../topology/conv-graph';
import { nnz, type Csr } from '../topology/csr';
import { layerSeed } from '../topology/network';
import { generate } from '../topology/registry';
import type { TopologySpec } from '../topology/spec';
import type { EngineLayer } from './native';

export const LENET5_KERNEL = 5;
export const LENET5_POOL = 2;
/** C1's zero padding: MNIST's 28×28 digits inside LeNet-5's 32×32 input. */
export const LENET5_PADDING = 2;

export type CnnLayerKind = 'conv' | 'pool' | 'fc';

export interface Lenet5Spec {
  image: readonly [number, number];
  /** Feature maps of C1 and C3 (LeNet-5: 6 and 16). */
  channels: readonly [number, number];
  /** C3 × C1 channel table (rows: C3 maps; columns: the S2 maps each reads). */
  channelTable: Csr;
  /** Hidden widths of the fully connected part (LeNet-5: 120, 84). */
  hidden: readonly number[];
  classes: number;
  /** Graph of each fully connected layer, input to output (hidden.length + 1 specs). */
  fullyConnected: readonly TopologySpec[];
  seed: number;
}

export interface CnnLayer {
  kind: CnnLayerKind;
  engine: EngineLayer;
  /** Seed the layer's weights were drawn from (and, for fc layers, its graph). */
  seed: number;
  /** What a tfjs model names the layer by: 'conv', 'pool', or a fully connected layer's graph class. */
  label: string;
  /** Trainable weights and biases (shared ones counted once; none for a pool). */
  params: number;
}

/** Map sides (height × width) of C1, S2, C3 and S4: C1 keeps the image's size (padding 2 of a 5×5 kernel), S2 halves
 *  it, C3 (no padding) takes 4 off, S4 halves again: 28, 14, 10, 5 for MNIST. */
export function lenet5MapSides(image: readonly [number, number]): [number, number][] {
  const one = (n: number) => {
    const c1 = n + 2 * LENET5_PADDING - LENET5_KERNEL + 1, s2 = Math.floor(c1 / LENET5_POOL), c3 = s2 - LENET5_KERNEL + 1;
    return [c1, s2, c3, Math.floor(c3 / LENET5_POOL)];
  };
  const h = one(image[0]), w = one(image[1]);
  return h.map((side, i) => [side, w[i]]);
}

/** Units of each layer's output: C1, S2, C3, S4 maps, then the fully connected layers. */
export function lenet5Units(s: Pick<Lenet5Spec, 'image' | 'channels' | 'hidden' | 'classes'>): number[] {
  const [c1, s2, c3, s4] = lenet5MapSides(s.image).map(([h, w]) => h * w);
  return [s.channels[0] * c1, s.channels[0] * s2, s.channels[1] * c3, s.channels[1] * s4, ...s.hidden, s.classes];
}

/** Layer widths of the fully connected part: [C3 maps × S4 side², ...hidden, classes]. */
export function lenet5FullyConnectedSizes(s: Pick<Lenet5Spec, 'image' | 'channels' | 'hidden' | 'classes'>): number[] {
  return lenet5Units(s).slice(3);
}

/** The network's layers with their initial weights (He-uniform by each unit's real fan-in, zero biases). */
export function lenet5Layers(s: Lenet5Spec): CnnLayer[] {
  const [c1, c3] = s.channels;
  const [height, width] = s.image;
  if (s.fullyConnected.length !== s.hidden.length + 1) throw new Error(`lenet5: ${s.fullyConnected.length} fully connected graphs for ${s.hidden.length + 1} layers`);
  const layers: CnnLayer[] = [];
  const conv = (inChannels: number, h: number, w: number, outChannels: number, padding: number, table: Csr | undefined) => {
    const seed = layerSeed(s.seed, layers.length);
    const g = convGraph({ inChannels, height: h, width: w, outChannels, kernel: LENET5_KERNEL, padding }, table);
    const params = heUniformShared(g.paramFanIn, seed), biasParams = new Float32Array(g.biasParams);
    layers.push({
      kind: 'conv', seed, label: 'conv', params: g.params + g.biasParams,
      engine: {
        csr: g.csr, values: untie(g.tie, params), bias: untie(g.biasTie, biasParams), activation: 'relu',
        tied: { tie: g.tie, params, biasTie: g.biasTie, biasParams },
      },
    });
    return g;
  };
  const pool = (channels: number, h: number, w: number) => {
    const g = averagePoolGraph(channels, h, w, LENET5_POOL);
    layers.push({
      kind: 'pool', seed: 0, label: 'pool', params: 0,
      engine: { csr: g.csr, values: g.values, bias: new Float32Array(g.csr.nOut), activation: 'linear', frozen: true },
    });
    return g;
  };
  const C1 = conv(1, height, width, c1, LENET5_PADDING, undefined);
  const S2 = pool(c1, C1.outHeight, C1.outWidth);
  const C3 = conv(c1, S2.outHeight, S2.outWidth, c3, 0, s.channelTable);
  pool(c3, C3.outHeight, C3.outWidth);
  const sizes = lenet5FullyConnectedSizes(s);
  s.fullyConnected.forEach((spec, l) => {
    const csr = generate(spec, sizes[l], sizes[l + 1]);
    layers.push({
      kind: 'fc', seed: spec.seed, label: spec.kind, params: nnz(csr) + sizes[l + 1],
      engine: { csr, values: heUniformFanIn(csr, spec.seed), bias: new Float32Array(sizes[l + 1]), activation: l < s.hidden.length ? 'relu' : 'linear' },
    });
  });
  return layers;
}
