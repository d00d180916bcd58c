// The permuted-pixel variant of a dataset: one seeded permutation of the features applied to every image of both
// splits. A network with fully connected first layer learns it exactly as well as the original (it cannot tell the
// order), but a graph built on the image's geometry (local, small-world, the circulant band) now reads scattered pixels:
// the control that separates what locality is worth from what expansion is worth.
import { makeRng, permutation } from '../base/random';
import type { Dataset, DataSplit } from './datasets';

/** The permutation of `features` positions for a seed: new feature f is old feature perm[f]. */
export function pixelPermutation(features: number, seed: number): Int32Array {
  return permutation(makeRng(seed, 'data/permute-pixels'), features);
}

function permuteSplit(split: DataSplit, perm: Int32Array): DataSplit {
  const f = split.features;
  const images = new Float32Array(split.images.length);
  for (let n = 0; n < split.count; n++) {
    const src = n * f;
    for (let i = 0; i < f; i++) images[src + i] = split.images[src + perm[i]];
  }
  return { ...split, images };
}

const cache = new Map<string, Dataset>();

/** The dataset with its pixels permuted (cached per dataset and seed in this process: a copy of MNIST is 220 MB). */
export function permutePixels(data: Dataset, seed: number): Dataset {
  const key = `${data.dir}|${data.name}|${seed}`;
  let out = cache.get(key);
  if (!out) {
    const perm = pixelPermutation(data.train.features, seed);
    out = { ...data, name: `${data.name} (pixels permuted, seed ${seed})`, train: permuteSplit(data.train, perm), test: permuteSplit(data.test, perm) };
    cache.set(key, out);
  }
  return out;
}
