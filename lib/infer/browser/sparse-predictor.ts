// The predictor for the browser and small devices: the .spff reader and the TypeScript forward pass, nothing else, so
// the bundle (build.ts) is a dependency-free ES module with no Node API. It reads only models whose graphs are stored
// as indices (`npm run export -- --graph csr`): a spec layer would need the topology generators, which it leaves out.
//
//   import { loadModel } from './sparse-predictor.js';
//   const model = loadModel(await (await fetch('model.spff')).arrayBuffer());
//   const [digit] = model.classify(pixels784);
import { argmaxRows } from '../argmax';
import { FormatError, readModel, type LayerInfo } from '../format-read';
import { modelSizes, type Activation } from '../model';
import { typescriptNetwork } from '../typescript-network';

export { FormatError, type Activation, type LayerInfo };

export interface BrowserModel {
  /** [nIn, hidden..., nOut], e.g. [784, 300, 100, 10]. */
  sizes: number[];
  /** Bytes of the model file. */
  bytes: number;
  /** What each layer's record holds (edges, index and value types, bytes). */
  layers: LayerInfo[];
  /** Each layer's activation: a 'linear' last layer gives logits, a 'softmax' one probabilities. */
  activations: Activation[];
  /** Outputs of the last layer, batch×nOut (a new array each call), for batch×nIn inputs; batch defaults to x.length / nIn. */
  logits(x: Float32Array, batch?: number): Float32Array;
  /** Predicted class of each of the batch inputs (argmax of the outputs, first on ties). */
  classify(x: Float32Array, batch?: number): Int32Array;
}

/** Decode and validate a model file (a FormatError names `source` and what is wrong) and ready it to run. */
export function loadModel(file: ArrayBuffer | Uint8Array, source = 'model'): BrowserModel {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
  const { model, layers } = readModel(bytes, source);
  const sizes = modelSizes(model);
  const nIn = sizes[0], nOut = sizes[sizes.length - 1];
  const runner = typescriptNetwork(model.layers);
  const batchOf = (x: Float32Array, batch?: number): number => {
    const b = batch ?? x.length / nIn;
    if (!Number.isInteger(b) || b < 1 || x.length !== b * nIn) {
      throw new Error(`predict: x has ${x.length} values, expected a positive whole number of ${nIn}-value inputs${batch === undefined ? '' : ` (batch ${batch})`}`);
    }
    return b;
  };
  const logits = (x: Float32Array, batch?: number): Float32Array => {
    const b = batchOf(x, batch);
    const out = new Float32Array(b * nOut);
    runner.run(x, b, out);
    return out;
  };
  return {
    sizes, bytes: bytes.byteLength, layers, activations: model.layers.map(l => l.activation), logits,
    classify(x, batch) {
      const b = batchOf(x, batch);
      return argmaxRows(logits(x, b), b, nOut, new Int32Array(b));
    },
  };
}
