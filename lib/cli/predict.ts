// `npm run predict -- --model FILE --dataset mnist`: accuracy and latency of the standalone predictor on a test set.
// Without --reference nothing here loads tfjs (start-up is the predictor's own).
import * as path from 'node:path';
import { checkInput, runCli, printJson, UsageError } from './args';
import { progressBar } from '../base/progress-bar';
import { DATASET_NAMES, loadDataset } from '../data/datasets';
import { argmaxRows, SparsePredictor } from '../infer/predictor';
import { mean, median, quantile } from '../base/stats';
import { pathExists, statRegularFile } from '../base/read-file';

runCli({
  usage: 'npm run predict --',
  summary: 'Run a .spff model (from `npm run export`) on a test set: accuracy, per-example latency at batch 1, batched throughput.',
  flags: {
    model: { type: 'string', help: 'model file written by `npm run export`' },
    dataset: { type: 'string', default: 'mnist', choices: DATASET_NAMES, help: 'test split to run on' },
    limit: { type: 'int', min: 1, help: 'use only the first N test examples' },
    batch: { type: 'int', default: 256, min: 1, help: 'batch size of the throughput pass' },
    kernel: { type: 'string', default: 'auto', choices: ['auto', 'native', 'typescript'], help: 'predictor kernels' },
    reference: { type: 'string', help: 'saved tfjs model directory to compare outputs with (loads tfjs)' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'Example: npm run predict -- --model lenet10.spff --dataset mnist --limit 1000',
}, async flags => {
  if (!flags.model) throw new UsageError('--model FILE is required');
  try { statRegularFile(flags.model); } catch (err) { throw new UsageError(`--model ${(err as Error).message}`); }
  if (flags.reference && !pathExists(path.join(flags.reference, 'model.json'))) throw new UsageError(`--reference ${flags.reference} holds no saved model`);
  const predictor = SparsePredictor.fromFile(flags.model, { kernel: flags.kernel as 'auto' | 'native' | 'typescript' });
  checkInput(() => predictor.checkBatch(flags.batch)); // --batch (default 256) against the model's widths
  const test = loadDataset(flags.dataset as (typeof DATASET_NAMES)[number]).test;
  if (test.features !== predictor.inputSize) {
    throw new UsageError(`${flags.model} takes ${predictor.inputSize} inputs but ${flags.dataset} examples have ${test.features}`);
  }
  const count = Math.min(flags.limit ?? test.count, test.count);
  const nIn = predictor.inputSize;
  const log = flags.json ? () => {} : (line: string) => console.log(line);
  log(`${flags.model}: ${predictor.sizes.join('-')}, ${predictor.kernel} kernels (${predictor.kernelReason}); ${count} ${flags.dataset} test examples`);

  const x = test.images.subarray(0, count * nIn);
  const single = timeBatch1(predictor, x, count);
  const correct = single.labels.reduce((n, label, i) => n + (label === test.labels[i] ? 1 : 0), 0);
  const { batchUs, agree } = timeBatched(predictor, x, count, flags.batch, single.labels);
  const us = single.us;
  const result: Record<string, unknown> = {
    model: flags.model, sizes: predictor.sizes, kernel: predictor.kernel, dataset: flags.dataset, examples: count,
    accuracy: correct / count,
    batch1: { medianUs: median(us), p90Us: quantile(us, 0.9), meanUs: mean(us) },
    batched: batchUs.length ? { batch: flags.batch, medianUs: median(batchUs), usPerExample: median(batchUs) / flags.batch } : null,
    batchedAgreesWithBatch1: agree / count,
  };
  log(`accuracy ${(100 * correct / count).toFixed(2)}%  |  batch 1: median ${median(us).toFixed(2)} µs, p90 ${quantile(us, 0.9).toFixed(2)} µs`
    + (batchUs.length ? `  |  batch ${flags.batch}: ${median(batchUs).toFixed(1)} µs (${(median(batchUs) / flags.batch).toFixed(3)} µs/example)` : ''));

  if (flags.reference) result.reference = await compareWithReference(predictor, flags.reference, x, count, flags.batch, single.labels, test.labels, log);
  if (flags.json) printJson(result);
});

/** Batch 1: every example timed on its own (after a short warm-up); its labels give the accuracy. */
function timeBatch1(predictor: SparsePredictor, x: Float32Array, count: number): { labels: Int32Array; us: number[] } {
  const nIn = predictor.inputSize;
  for (let i = 0; i < Math.min(count, 200); i++) predictor.logits(x.subarray(i * nIn, (i + 1) * nIn), 1);
  const labels = new Int32Array(count), one = new Int32Array(1), us: number[] = [];
  const bar = progressBar('predict', count, 'examples');
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    predictor.classify(x.subarray(i * nIn, (i + 1) * nIn), 1, one);
    us.push((performance.now() - t0) * 1000);
    labels[i] = one[0];
    if ((i & 1023) === 1023) bar.update(i + 1);
  }
  bar.update(count);
  bar.stop();
  return { labels, us };
}

/** The same examples in batches of `batch`, each full batch timed; how many labels agree with batch 1's. */
function timeBatched(predictor: SparsePredictor, x: Float32Array, count: number, batch: number, labels: Int32Array): { batchUs: number[]; agree: number } {
  const nIn = predictor.inputSize;
  const batchUs: number[] = [];
  let agree = 0;
  const out = new Int32Array(batch);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const t0 = performance.now();
    predictor.classify(x.subarray(start * nIn, (start + n) * nIn), n, out);
    if (n === batch) batchUs.push((performance.now() - t0) * 1000);
    for (let i = 0; i < n; i++) agree += out[i] === labels[start + i] ? 1 : 0;
  }
  return { batchUs, agree };
}

/** The saved tfjs model's outputs on the same examples (this loads tfjs): accuracy, argmax agreement, largest difference. */
async function compareWithReference(predictor: SparsePredictor, dir: string, x: Float32Array, count: number, batch: number,
  labels: Int32Array, truth: Uint8Array, log: (line: string) => void): Promise<Record<string, unknown>> {
  const nIn = predictor.inputSize, nOut = predictor.outputSize;
  const { referenceOutputs } = await import('../infer/reference');
  const ref = await referenceOutputs(dir, x, count, nIn);
  const refLabels = argmaxRows(ref, count, nOut, new Int32Array(count));
  const mine = new Float32Array(count * nOut);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    mine.set(predictor.logits(x.subarray(start * nIn, (start + n) * nIn), n), start * nOut);
  }
  let maxDiff = 0, same = 0, refCorrect = 0;
  for (let i = 0; i < count * nOut; i++) maxDiff = Math.max(maxDiff, Math.abs(mine[i] - ref[i]));
  for (let i = 0; i < count; i++) { same += refLabels[i] === labels[i] ? 1 : 0; refCorrect += refLabels[i] === truth[i] ? 1 : 0; }
  log(`reference ${dir}: accuracy ${(100 * refCorrect / count).toFixed(2)}%, argmax agreement ${same}/${count}, max |Δ output| ${maxDiff.toExponential(2)}`);
  return { dir, accuracy: refCorrect / count, argmaxAgreement: same / count, maxAbsOutputDiff: maxDiff };
}
