// Mini-batches: a seeded example order per epoch, batches copied into reusable Float32Arrays (for the raw-array
// trainers), and tfjs tensors {xs, ys} handed to a callback and disposed after it.
import type * as TF from '@tensorflow/tfjs';
import { makeRng, shuffleInPlace } from '../base/random';
import type { DataSplit } from './datasets';
import { NUM_CLASSES } from './datasets';

// tfjs is loaded on first use of the tensor helpers, so the raw-array trainers that import this module don't pay for it.
let tfModule: typeof TF | undefined;
function tfjs(): typeof TF {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return tfModule ??= require('@tensorflow/tfjs') as typeof TF;
}

/**
 * The example order for one epoch: a permutation of `indices` (or of 0..n-1 when given a count), seeded by
 * makeRng(seed, `epoch${epoch}`). Same seed and epoch → same order; different epochs → different orders.
 */
export function epochOrder(indices: number | ArrayLike<number>, seed: number | string, epoch: number): Int32Array {
  let order: Int32Array;
  if (typeof indices === 'number') {
    order = new Int32Array(indices);
    for (let i = 0; i < indices; i++) order[i] = i;
  } else {
    order = Int32Array.from(indices);
  }
  return shuffleInPlace(makeRng(seed, `epoch${epoch}`), order);
}

/** Number of batches of `batchSize` covering n examples (the last may be shorter). */
export function batchCount(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}

/** Reusable buffers for one batch: inputs, one-hot targets and labels, sized for `batchSize` examples. */
export interface BatchBuffers {
  batchSize: number;
  features: number;
  numClasses: number;
  /** batchSize × features, row-major. */
  xs: Float32Array;
  /** batchSize × numClasses one-hot. */
  ys: Float32Array;
  labels: Uint8Array;
  /** Examples filled by the last fillBatch (≤ batchSize). Only the first `size` rows are meaningful. */
  size: number;
}

export function allocBatch(batchSize: number, features: number, numClasses = NUM_CLASSES): BatchBuffers {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer (got ${batchSize})`);
  return {
    batchSize, features, numClasses,
    xs: new Float32Array(batchSize * features),
    ys: new Float32Array(batchSize * numClasses),
    labels: new Uint8Array(batchSize),
    size: 0,
  };
}

/**
 * Copy examples order[start .. start+batchSize) of `split` into `buf` (inputs, one-hot targets, labels).
 * Returns the number copied (shorter at the end of the order; 0 past it) and sets buf.size.
 */
export function fillBatch(split: DataSplit, order: ArrayLike<number>, start: number, buf: BatchBuffers): number {
  if (buf.features !== split.features) throw new RangeError(`batch buffers hold ${buf.features} features, split has ${split.features}`);
  const f = split.features, k = buf.numClasses;
  const size = Math.max(0, Math.min(buf.batchSize, order.length - start));
  buf.ys.fill(0, 0, size * k);
  for (let i = 0; i < size; i++) {
    const j = order[start + i];
    buf.xs.set(split.images.subarray(j * f, (j + 1) * f), i * f);
    const label = split.labels[j];
    buf.labels[i] = label;
    buf.ys[i * k + label] = 1;
  }
  buf.size = size;
  return size;
}

/** Iterate over the batches of `order`, reusing one set of buffers (copy out anything you keep). */
export function* iterateBatches(split: DataSplit, order: ArrayLike<number>, batchSize: number, buf = allocBatch(batchSize, split.features)):
  Generator<BatchBuffers & { index: number; start: number }> {
  for (let start = 0, index = 0; start < order.length; start += batchSize, index++) {
    fillBatch(split, order, start, buf);
    yield Object.assign(buf, { index, start });
  }
}

export interface TensorBatch {
  /** [size, features] float32. */
  xs: TF.Tensor2D;
  /** [size, numClasses] one-hot float32. */
  ys: TF.Tensor2D;
  size: number;
  index: number;
}

/**
 * Build {xs, ys} tensors for examples order[start .. start+batchSize), call `fn`, and dispose both tensors after it
 * (also when it throws or its promise rejects). Tensors that `fn` makes itself are its own to dispose.
 */
export async function withTensorBatch<T>(split: DataSplit, order: ArrayLike<number>, start: number, batchSize: number,
  fn: (batch: TensorBatch) => T | Promise<T>, buf = allocBatch(batchSize, split.features)): Promise<T> {
  const size = fillBatch(split, order, start, buf);
  // tf.tensor keeps a reference to the array it is given, so hand it copies, never the reusable buffers.
  const tf = tfjs();
  const xs = tf.tensor2d(buf.xs.slice(0, size * buf.features), [size, buf.features]);
  const ys = tf.tensor2d(buf.ys.slice(0, size * buf.numClasses), [size, buf.numClasses]);
  try {
    return await fn({ xs, ys, size, index: Math.floor(start / batchSize) });
  } finally {
    xs.dispose();
    ys.dispose();
  }
}

/** Run `fn` on every batch of `order` as tensors, one at a time, disposing each batch's tensors after its call. */
export async function forEachTensorBatch(split: DataSplit, order: ArrayLike<number>, batchSize: number,
  fn: (batch: TensorBatch) => void | Promise<void>): Promise<void> {
  const buf = allocBatch(batchSize, split.features);
  for (let start = 0; start < order.length; start += batchSize) {
    await withTensorBatch(split, order, start, batchSize, fn, buf);
  }
}
