// Section 4.1: two networks trained live in the notebook (dense and random at 10%) and the MNIST test digits they
// classify — a sample with both predictions, and digits where the two disagree. Training length depends on the preset
// so that the quick end-to-end check stays quick.
import * as tf from '@tensorflow/tfjs';
import type { DataSplit } from '../data/datasets';
import type { GridSpec } from '../experiments/grid';
import { imageGrid, type ImageCell } from '../plot/builders/matrix';
import type { Figure } from '../plot/figure';
import type { TrainConfig } from '../train/config';
import { trainConfig } from '../train/defaults';
import { count, densityLabel, percent } from './prose';

export interface ExampleSettings {
  epochs: number;
  trainLimit?: number;
}

/** Live-training length per preset: a few full epochs for the paper, one epoch on a subset for quick (and unknown) presets. */
export const EXAMPLE_SETTINGS: Record<string, ExampleSettings> = {
  paper: { epochs: 3 },
  quick: { epochs: 1, trainLimit: 6000 },
};

export function exampleSettings(preset: string): ExampleSettings {
  return EXAMPLE_SETTINGS[preset] ?? EXAMPLE_SETTINGS.quick;
}

export const EXAMPLE_SPARSE = { topology: 'random', density: 0.1 } as const;

/** The dense and the random-10% config, with the grid's first architecture and its optimizer settings. */
export function exampleConfigs(preset: string, grid: GridSpec): { dense: TrainConfig; sparse: TrainConfig } {
  const s = exampleSettings(preset);
  const base = trainConfig({
    dataset: grid.datasets[0], arch: [...grid.archs[0]], topology: 'dense', density: 1, denseOutput: grid.denseOutput,
    epochs: s.epochs, batchSize: grid.batchSize, learningRate: grid.learningRate, learningRateSchedule: grid.learningRateSchedule ?? 'constant',
    validationFraction: grid.validationFraction, seed: grid.seeds[0], ...(s.trainLimit !== undefined ? { trainLimit: s.trainLimit } : {}),
  });
  return { dense: base, sparse: { ...base, ...EXAMPLE_SPARSE } };
}

export const exampleLabel = (c: TrainConfig): string => (c.topology === 'dense' ? 'dense' : `${c.topology} ${densityLabel(c.density)}`);

/** Predicted class of each of the first `n` examples of a split. */
export function predictLabels(model: tf.LayersModel, split: DataSplit, n = split.count, batchSize = 1000): Uint8Array {
  const out = new Uint8Array(Math.min(n, split.count));
  for (let start = 0; start < out.length; start += batchSize) {
    const size = Math.min(batchSize, out.length - start);
    const labels = tf.tidy(() => {
      const xs = tf.tensor2d(split.images.subarray(start * split.features, (start + size) * split.features), [size, split.features]);
      return tf.argMax(model.apply(xs, { training: false }) as tf.Tensor2D, 1).dataSync();
    });
    out.set(labels, start);
  }
  return out;
}

/** Indices (ascending) where the two predictions differ, at most `limit`. */
export function disagreements(a: ArrayLike<number>, b: ArrayLike<number>, limit = Infinity): number[] {
  if (a.length !== b.length) throw new Error(`disagreements: ${a.length} vs ${b.length} predictions`);
  const out: number[] = [];
  for (let i = 0; i < a.length && out.length < limit; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

/** Image cells titled "label → nameA a / nameB b", a ✗ after each wrong prediction. */
export function predictionCells(split: DataSplit, indices: readonly number[], preds: readonly { name: string; labels: ArrayLike<number> }[]): ImageCell[] {
  return indices.map(i => {
    const truth = split.labels[i];
    const said = preds.map(p => `${p.name} ${p.labels[i]}${p.labels[i] === truth ? '' : '✗'}`).join(' / ');
    return { pixels: split.images.subarray(i * split.features, (i + 1) * split.features), title: `${truth} → ${said}` };
  });
}

export interface ExamplePrediction {
  name: string;
  labels: Uint8Array;
}

/** Accuracy of each network on the predicted digits, how often they disagree, and who was right then. */
export function exampleFindings(split: DataSplit, a: ExamplePrediction, b: ExamplePrediction): string {
  const n = a.labels.length;
  let hitsA = 0, hitsB = 0, differ = 0, aRight = 0, bRight = 0;
  for (let i = 0; i < n; i++) {
    const t = split.labels[i];
    if (a.labels[i] === t) hitsA++;
    if (b.labels[i] === t) hitsB++;
    if (a.labels[i] !== b.labels[i]) {
      differ++;
      if (a.labels[i] === t) aRight++;
      if (b.labels[i] === t) bRight++;
    }
  }
  return `On ${count(n)} test digits: ${a.name} ${percent(hitsA / n)} correct, ${b.name} ${percent(hitsB / n)}. `
    + `They disagree on ${count(differ)} digits (${percent(differ / n)}); there ${a.name} is right ${count(aRight)} times, `
    + `${b.name} ${count(bRight)} times, neither ${count(differ - aRight - bRight)} times.`;
}

/** What the notebook says before training the two example networks live. */
export function exampleTrainingNote(configs: { dense: TrainConfig; sparse: TrainConfig }): string {
  return `Training ${exampleLabel(configs.dense)} and ${exampleLabel(configs.sparse)}: ${configs.dense.epochs} epoch(s)`
    + (configs.dense.trainLimit ? ` on ${configs.dense.trainLimit} images` : ' on the full training split') + '.';
}

/** The first `sampleSize` test digits with both networks' predictions, and up to as many digits where they disagree. */
export function exampleFigures(split: DataSplit, preds: readonly ExamplePrediction[], sampleSize = 15): Figure[] {
  if (preds.length !== 2) throw new Error(`exampleFigures: two networks' predictions expected (got ${preds.length})`);
  const [a, b] = preds;
  const sample = Array.from({ length: Math.min(sampleSize, split.count) }, (_, i) => i);
  const differ = disagreements(a.labels, b.labels, sampleSize);
  return [
    imageGrid(predictionCells(split, sample, preds), { name: 'results-example-digits', title: `Test digits: label → ${a.name} / ${b.name} prediction`,
      caption: `The first MNIST test digits with the predictions of the live-trained ${a.name} and ${EXAMPLE_SPARSE.topology}-${b.name} networks (✗: wrong).` }),
    ...(differ.length ? [imageGrid(predictionCells(split, differ, preds), { name: 'results-disagreements', title: `Where ${a.name} and ${b.name} disagree`,
      caption: `MNIST test digits on which the live-trained ${a.name} and ${EXAMPLE_SPARSE.topology}-${b.name} networks disagree (✗: wrong).` })] : []),
  ];
}
