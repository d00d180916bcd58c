// Real Fashion-MNIST from the Debian package dataset-fashion-mnist, which `npm test` installs before any test (its
// pretest step): the end-to-end tier never skips it. FASHION_MNIST_DIR points at another copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelCounts, loadDataset, pixelMean } from '../../lib/data/datasets';

test('real Fashion-MNIST: 6000 training and 1000 test images per class, canonical pixel mean', () => {
  const ds = loadDataset('fashion-mnist');
  assert.deepEqual(labelCounts(ds.train.labels), new Array(10).fill(6000));
  assert.deepEqual(labelCounts(ds.test.labels), new Array(10).fill(1000));
  assert.ok(Math.abs(pixelMean(ds.train) - 0.2860) < 1e-3, `train pixel mean ${pixelMean(ds.train)}`);
});
