// The project's statistics against hand-computed values: mean and sample sd, order statistics, Pearson's r, the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearFit, mean, meanSd, median, pearson, quantile } from '../../lib/base/stats';

const close = (actual: number, expected: number, eps = 1e-12) =>
  assert.ok(Math.abs(actual - expected) < eps, `${actual} is not within ${eps} of ${expected}`);

test('pearson: textbook example, exact lines, constant input', () => {
  // xs mean 3, ys mean 4: Sxy = 6, Sxx = 10, Syy = 6 → r = 6 / sqrt(60).
  close(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]), 6 / Math.sqrt(60));
  close(pearson([0, 1, 2], [1, 4, 7]), 1);
  close(pearson([0, 1, 2], [5, 3, 1]), -1);
  assert.ok(Number.isNaN(pearson([1, 2, 3], [4, 4, 4])));
});

test('linearFit: textbook example and an exact line', () => {
  const fit = linearFit([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
  close(fit.slope, 0.6);
  close(fit.intercept, 2.2);
  assert.deepEqual(linearFit([0, 1, 2], [1, 4, 7]), { slope: 3, intercept: 1 });
});

test('bad input is refused with the reason', () => {
  assert.throws(() => linearFit([2, 2, 2], [1, 2, 3]), /all x values are equal/);
  assert.throws(() => pearson([1, 2], [1]), /differ in length/);
  assert.throws(() => pearson([1], [1]), /at least 2 points/);
});

test('mean, sample sd and n; quantiles at rank floor(q·n) of the sorted values', () => {
  assert.deepEqual(meanSd([0.9, 0.92, 0.97]).n, 3);
  close(meanSd([0.9, 0.92, 0.97]).mean, 0.93);
  close(meanSd([0.9, 0.92, 0.97]).sd!, Math.sqrt(0.0026 / 2));
  assert.deepEqual(meanSd([0.8]), { mean: 0.8, sd: null, n: 1 });
  assert.deepEqual(meanSd([]), { mean: NaN, sd: null, n: 0 });
  assert.equal(mean([1, 2, 6]), 3);
  assert.equal(median([5, 1, 4, 2]), 4);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(quantile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.9), 10);
  assert.equal(quantile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0), 1);
});
