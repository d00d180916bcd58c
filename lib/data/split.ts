// Seeded train/validation split: the same seed and fraction always carve out the same validation examples.
import { makeRng, permutation } from '../base/random';
import type { DataSplit } from './datasets';

export interface SplitIndices {
  /** Training indices into the original split, ascending. */
  train: Int32Array;
  /** Validation indices into the original split, ascending. Disjoint from `train`. */
  validation: Int32Array;
}

export interface SplitOptions {
  /** Keep at most this many training examples (a seeded random subset of the remainder); validation is unaffected. */
  limit?: number;
}

/** Number of validation examples for `n` examples and `fraction`: round(n · fraction). */
export function validationSize(n: number, fraction: number): number {
  return Math.round(n * fraction);
}

/**
 * Split indices 0..n-1 into training and validation: a permutation seeded by (seed, 'validation-split'); its first
 * round(n·fraction) entries are the validation set, the rest (or the first `limit` of the rest) the training set.
 * Without a limit the two are disjoint and cover 0..n-1. Both come back sorted ascending.
 */
export function validationSplit(n: number, fraction: number, seed: number | string, opts: SplitOptions = {}): SplitIndices {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`validationSplit: n must be a non-negative integer (got ${n})`);
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validationSplit: fraction must be in [0, 1) (got ${fraction})`);
  const nVal = validationSize(n, fraction);
  const perm = permutation(makeRng(seed, 'validation-split'), n);
  const validation = perm.slice(0, nVal).sort();
  let rest = perm.subarray(nVal);
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 0) throw new RangeError(`validationSplit: limit must be a non-negative integer (got ${opts.limit})`);
    rest = rest.subarray(0, Math.min(opts.limit, rest.length));
  }
  return { train: rest.slice().sort(), validation };
}

/** A new split holding the examples at `indices` (copied, in that order). */
export function subset(split: DataSplit, indices: ArrayLike<number>): DataSplit {
  const f = split.features;
  const images = new Float32Array(indices.length * f);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!(j >= 0 && j < split.count)) throw new RangeError(`subset: index ${j} out of range 0..${split.count - 1}`);
    images.set(split.images.subarray(j * f, (j + 1) * f), i * f);
    labels[i] = split.labels[j];
  }
  return { images, labels, count: indices.length, rows: split.rows, cols: split.cols, features: f };
}

/** The first `n` examples of a split, as views (no copy). */
export function head(split: DataSplit, n: number): DataSplit {
  const count = Math.max(0, Math.min(n, split.count));
  return { ...split, count, images: split.images.subarray(0, count * split.features), labels: split.labels.subarray(0, count) };
}

/** Split a training set into training and validation subsets (copies); see validationSplit. */
export function trainValidationSplit(split: DataSplit, fraction: number, seed: number | string, opts: SplitOptions = {}):
  { train: DataSplit; validation: DataSplit; indices: SplitIndices } {
  const indices = validationSplit(split.count, fraction, seed, opts);
  return { train: subset(split, indices.train), validation: subset(split, indices.validation), indices };
}
