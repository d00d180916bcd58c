// A standalone predictor for .spff files: no tfjs anywhere in its module graph (test/unit/infer-predictor.test.ts checks),
// so it starts fast and runs where tfjs is not installed. One native call per batch runs the whole network
// (row-wise dots at batch < 4, SpMM above); the TypeScript fallback computes the same. Buffers are reused: a call
// allocates nothing once a batch size has been seen.
import { availableMemoryBytes } from '../base/available-memory';
import { formatBytes } from '../base/format-bytes';
import { MAX_BINARY_FILE_BYTES } from '../base/limits';
import { readRegularFile } from '../base/read-file';
import { argmaxRows } from './argmax';
import { decodeModel, type LayerInfo } from './format';
import { modelSizes, type SparseModel } from './model';
import { nativeNetwork } from './native-network';
import { typescriptNetwork, type NetworkRunner } from './typescript-network';

export { argmaxRows };

export type PredictorKernel = 'native' | 'typescript';

export interface PredictorOptions {
  /** 'auto' (default): SPARSE_KERNELS if set, else native when the addon has Network, else TypeScript. */
  kernel?: PredictorKernel | 'auto';
}

export class SparsePredictor {
  readonly sizes: number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly kernel: PredictorKernel;
  /** Why this kernel was chosen (for logs). */
  readonly kernelReason: string;
  private readonly runner: NetworkRunner;
  private out = new Float32Array(0);
  /** out[0 .. batch·outputSize), cached so a steady batch size allocates nothing. */
  private outView = new Float32Array(0);
  /** The largest batch whose buffers are known to fit in memory. */
  private checkedBatch = 0;

  /**
   * Reads and validates a model file (a FormatError names the file and what is wrong). The decoded model may take a
   * third of the memory available: the native runner copies it once more and adds its transpose.
   */
  static fromFile(file: string, opts: PredictorOptions = {}): SparsePredictor & { layerInfo: LayerInfo[] } {
    const bytes = readRegularFile(file, MAX_BINARY_FILE_BYTES);
    const { model, layers } = decodeModel(bytes, file, { memoryBytes: availableMemoryBytes() / 3 });
    return Object.assign(new SparsePredictor(model, opts), { layerInfo: layers });
  }

  constructor(readonly model: SparseModel, opts: PredictorOptions = {}) {
    this.sizes = modelSizes(model);
    this.inputSize = this.sizes[0];
    this.outputSize = this.sizes[this.sizes.length - 1];
    const env = process.env.SPARSE_KERNELS;
    const requested = opts.kernel !== undefined && opts.kernel !== 'auto';
    const want = requested ? opts.kernel! : env === 'native' || env === 'typescript' ? env : 'auto';
    if (want === 'typescript') {
      this.kernel = 'typescript';
      this.kernelReason = requested ? 'requested' : 'forced by SPARSE_KERNELS=typescript';
      this.runner = typescriptNetwork(model.layers);
      return;
    }
    const native = nativeNetwork();
    if (native.ok) {
      this.kernel = 'native';
      this.kernelReason = requested ? 'requested' : want === 'native' ? 'forced by SPARSE_KERNELS=native' : 'native addon loaded';
      this.runner = native.create(model.layers);
      return;
    }
    if (want === 'native') throw new Error(`native predictor unavailable: ${native.reason}`);
    this.kernel = 'typescript';
    this.kernelReason = native.reason;
    this.runner = typescriptNetwork(model.layers);
  }

  /**
   * Outputs of the last layer (logits for a linear output), batch×outputSize, for batch×inputSize inputs.
   * Returns a view of a buffer the predictor reuses: it is overwritten by the next call (copy it to keep it).
   */
  logits(x: Float32Array, batch: number): Float32Array {
    this.checkBatch(batch);
    if (x.length !== batch * this.inputSize) throw new Error(`predict: x has ${x.length} values, expected batch·${this.inputSize} = ${batch * this.inputSize}`);
    const n = batch * this.outputSize;
    if (this.outView.length !== n) {
      if (this.out.length < n) this.out = new Float32Array(n);
      this.outView = this.out.subarray(0, n);
    }
    this.runner.run(x, batch, this.outView);
    return this.outView;
  }

  /**
   * Bytes of the buffers a batch needs: one float32 output per layer in both runners, and in the native one two
   * transposed scratch copies (input and output of a layer) as wide as the widest layer.
   */
  activationBytes(batch: number): number {
    return 4 * batch * (this.sizes.slice(1).reduce((sum, n) => sum + n, 0) + 2 * Math.max(...this.sizes));
  }

  /**
   * Throws, before anything is allocated, unless `batch` is a positive integer whose buffers fit in the memory still
   * available: a model with a million-unit layer at batch 10000 would otherwise ask for 100 GB (and abort native code).
   */
  checkBatch(batch: number): void {
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`predict: batch must be a positive integer (got ${batch})`);
    if (batch <= this.checkedBatch) return;
    const need = this.activationBytes(batch), available = availableMemoryBytes();
    if (need > available) {
      throw new Error(`batch ${batch} needs ${formatBytes(need)} of buffers for layers ${this.sizes.join('-')}, `
        + `but only ${formatBytes(available)} of memory is available; use a smaller batch`);
    }
    this.checkedBatch = batch;
  }

  /** Predicted class (argmax of the outputs, first on ties) of each of the batch inputs. */
  classify(x: Float32Array, batch: number, labels = new Int32Array(batch)): Int32Array {
    argmaxRows(this.logits(x, batch), batch, this.outputSize, labels);
    return labels;
  }

  /** Owned copies of the outputs and the predicted classes. */
  predict(x: Float32Array, batch: number): { logits: Float32Array; labels: Int32Array } {
    const logits = this.logits(x, batch).slice();
    return { logits, labels: argmaxRows(logits, batch, this.outputSize, new Int32Array(batch)) };
  }
}
