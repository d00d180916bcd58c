// The predictor's TypeScript fallback: the same computation as the native Network (network.cc), layer by layer
// Y = X·Wᵀ + b then the activation, on buffers allocated once per batch size and reused.
import { forwardInto } from '../kernels/typescript';
import type { Activation, ModelLayer } from './model';

export interface NetworkRunner {
  /** Writes batch×nOut outputs of the last layer into `out` (batch×nIn input `x`). */
  run(x: Float32Array, batch: number, out: Float32Array): void;
}

export function applyActivation(y: Float32Array, batch: number, n: number, activation: Activation): void {
  if (activation === 'linear') return;
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    if (activation === 'relu') for (let j = o; j < o + n; j++) y[j] = y[j] > 0 ? y[j] : 0;
    else if (activation === 'sigmoid') for (let j = o; j < o + n; j++) y[j] = 1 / (1 + Math.exp(-y[j]));
    else if (activation === 'tanh') for (let j = o; j < o + n; j++) y[j] = Math.tanh(y[j]);
    else {
      let m = y[o];
      for (let j = o + 1; j < o + n; j++) m = Math.max(m, y[j]);
      let s = 0;
      for (let j = o; j < o + n; j++) s += (y[j] = Math.exp(y[j] - m));
      for (let j = o; j < o + n; j++) y[j] /= s;
    }
  }
}

function forwardLayer(layer: ModelLayer, x: Float32Array, batch: number, y: Float32Array): void {
  const nOut = layer.csr.nOut, bias = layer.bias;
  forwardInto(layer.csr, layer.values, x, batch, y);
  if (bias) for (let b = 0; b < batch; b++) for (let j = 0; j < nOut; j++) y[b * nOut + j] += bias[j];
  applyActivation(y, batch, nOut, layer.activation);
}

export function typescriptNetwork(layers: ModelLayer[]): NetworkRunner {
  let hidden: Float32Array[] = [];
  let capacity = 0;
  return {
    run(x, batch, out) {
      if (batch > capacity) {
        hidden = layers.slice(0, -1).map(l => new Float32Array(batch * l.csr.nOut));
        capacity = batch;
      }
      let input = x;
      layers.forEach((layer, l) => {
        const y = l === layers.length - 1 ? out : hidden[l].subarray(0, batch * layer.csr.nOut);
        forwardLayer(layer, input, batch, y);
        input = y;
      });
    },
  };
}
