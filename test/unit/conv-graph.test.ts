// A convolution as a weight-tied sparse graph (lib/topology/conv-graph.ts): exact edge and weight counts for LeNet-5's
// layers, and the graph with tied weights against tf.conv2d / tf.avgPool on random inputs. The two sum the same
// products in different orders (tfjs in float32), so they agree to rounding: within 1e-5 of the outputs' largest
// magnitude (at least 1); a wrong offset, channel, padding or stride moves outputs by O(1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/base/tfjs-backend';
import { makeRng } from '../../lib/base/random';
import { averagePoolGraph, convGraph, untie, type ConvGeometry } from '../../lib/topology/conv-graph';
import { channelTable, C3_TABLE } from '../../lib/topology/channel-table';
import { csrFromRows, nnz, validateCsr, type Csr } from '../../lib/topology/csr';
import { generateDense } from '../../lib/topology/generators/dense';

const TOL = 1e-5;

/** y[b][j] = Σ_k w[k]·x[b][colIdx[k]] + bias[j], in float64. */
function sparseApply(csr: Csr, w: Float32Array, bias: Float32Array, x: Float32Array, batch: number): Float64Array {
  const y = new Float64Array(batch * csr.nOut);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < csr.nOut; j++) {
      let s = bias[j];
      for (let k = csr.rowPtr[j]; k < csr.rowPtr[j + 1]; k++) s += w[k] * x[b * csr.nIn + csr.colIdx[k]];
      y[b * csr.nOut + j] = s;
    }
  }
  return y;
}

function uniform(n: number, seed: string): Float32Array {
  const rng = makeRng(1, seed);
  return Float32Array.from({ length: n }, () => 2 * rng() - 1);
}

/** NCHW-flat (our unit order) → NHWC tensor, and back. */
const toNhwc = (x: Float32Array, b: number, c: number, h: number, w: number) => tf.tensor4d(x, [b, c, h, w]).transpose<tf.Tensor4D>([0, 2, 3, 1]);
function fromNhwc(op: () => tf.Tensor): Float64Array {
  const t = tf.tidy(() => op().transpose([0, 3, 1, 2]));
  const out = Float64Array.from(t.dataSync());
  t.dispose();
  return out;
}

function assertClose(got: Float64Array, want: Float64Array) {
  assert.equal(got.length, want.length);
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= TOL * scale, `largest difference ${worst} (scale ${scale})`);
}

function checkAgainstConv2d(g: ConvGeometry, table: Csr) {
  const batch = 3, k = g.kernel;
  const conv = convGraph(g, table);
  validateCsr(conv.csr);
  const params = uniform(conv.params, 'params'), biasParams = uniform(conv.biasParams, 'bias');
  const x = uniform(batch * conv.csr.nIn, 'x');
  const ours = sparseApply(conv.csr, untie(conv.tie, params), untie(conv.biasTie, biasParams), x, batch);
  // The tf filter [k, k, in, out] holds table edge e = (o, c)'s kernel at [ky, kx, c, o]; pairs off the table are 0.
  const filter = new Float32Array(k * k * g.inChannels * g.outChannels);
  for (let o = 0; o < g.outChannels; o++) {
    for (let e = table.rowPtr[o]; e < table.rowPtr[o + 1]; e++) {
      for (let q = 0; q < k * k; q++) filter[(q * g.inChannels + table.colIdx[e]) * g.outChannels + o] = params[e * k * k + q];
    }
  }
  const theirs = fromNhwc(() => tf.conv2d(toNhwc(x, batch, g.inChannels, g.height, g.width),
    tf.tensor4d(filter, [k, k, g.inChannels, g.outChannels]), g.stride ?? 1, g.padding ?? 0).add(tf.tensor1d(biasParams)));
  assertClose(ours, theirs);
}

test('LeNet-5 C1 (1→6 maps, 5×5, padding 2 on 28×28): 6·134² edges, 150 shared weights, 6 biases', () => {
  const c1 = convGraph({ inChannels: 1, height: 28, width: 28, outChannels: 6, kernel: 5, padding: 2 });
  // Per axis, windows at output 0, 1, 2..25, 26, 27 keep 3, 4, 5, 4, 3 taps: 3 + 4 + 24·5 + 4 + 3 = 134.
  assert.equal(nnz(c1.csr), 6 * 134 * 134);
  assert.deepEqual([c1.csr.nIn, c1.csr.nOut, c1.outHeight, c1.outWidth, c1.params, c1.biasParams], [784, 4704, 28, 28, 150, 6]);
  assert.deepEqual([...new Set(c1.paramFanIn)], [25]);
});

test('LeNet-5 C3 with LeCun\'s table: 60 of 96 map pairs, 1500 shared weights, 150,000 edges; dense table 240,000', () => {
  const table = channelTable('c3', 6, 16, 1, 1);
  assert.equal(nnz(table), 60);
  assert.deepEqual(Array.from({ length: 16 }, (_, o) => table.rowPtr[o + 1] - table.rowPtr[o]), [3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6]);
  const g = { inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: 5 };
  const c3 = convGraph(g, table);
  assert.deepEqual([nnz(c3.csr), c3.params, c3.biasParams, c3.csr.nOut], [150_000, 1500, 16, 1600]);
  // He's fan-in per weight: 3, 4 or 6 maps × 25 taps, by the map the weight feeds.
  assert.deepEqual([c3.paramFanIn[0], c3.paramFanIn[18 * 25], c3.paramFanIn[1499]], [75, 100, 150]);
  assert.equal(nnz(convGraph(g).csr), 240_000);
  assert.throws(() => channelTable('c3', 6, 12, 1, 1), /c3 connects 6 maps to 16/);
});

test('channel tables of the registry\'s classes: exact pair counts at a density', () => {
  assert.equal(nnz(channelTable('random', 6, 16, 0.25, 3)), 24);
  assert.equal(nnz(channelTable('regular', 6, 16, 0.5, 3)), 48);
  assert.equal(nnz(channelTable('dense', 6, 16, 0.1, 3)), 96);
});

test('the tied graph reproduces tf.conv2d: LeNet-5 shapes, a sparse table, stride 2, padding 1, a non-square image', async () => {
  await initBackend();
  checkAgainstConv2d({ inChannels: 1, height: 28, width: 28, outChannels: 6, kernel: 5, padding: 2 }, generateDense(1, 6));
  checkAgainstConv2d({ inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: 5 }, csrFromRows(6, C3_TABLE.map(r => [...r])));
  checkAgainstConv2d({ inChannels: 3, height: 9, width: 7, outChannels: 4, kernel: 3, stride: 2, padding: 1 }, channelTable('random', 3, 4, 0.5, 7));
});

test('the pool graph reproduces tf.avgPool (2×2, stride 2), including an odd side that drops its last row', async () => {
  await initBackend();
  for (const [c, h, w] of [[6, 28, 28], [2, 5, 6]]) {
    const pool = averagePoolGraph(c, h, w, 2);
    validateCsr(pool.csr);
    assert.equal(nnz(pool.csr), 4 * pool.csr.nOut);
    const x = uniform(2 * c * h * w, 'pool');
    const ours = sparseApply(pool.csr, pool.values, new Float32Array(pool.csr.nOut), x, 2);
    const theirs = fromNhwc(() => tf.avgPool(toNhwc(x, 2, c, h, w), 2, 2, 'valid'));
    assertClose(ours, theirs);
  }
});

test('bad geometry is refused with one line before anything is built', () => {
  assert.throws(() => convGraph({ inChannels: 1, height: 4, width: 4, outChannels: 2, kernel: 5 }), /does not fit 4×4/);
  assert.throws(() => convGraph({ inChannels: 0, height: 4, width: 4, outChannels: 2, kernel: 3 }), /inChannels must be an integer/);
  assert.throws(() => convGraph({ inChannels: 2, height: 4, width: 4, outChannels: 2, kernel: 3 }, generateDense(3, 2)), /channel table/);
  assert.throws(() => convGraph({ inChannels: 4096, height: 2048, width: 2048, outChannels: 4096, kernel: 1 }), /do not fit int32/);
});
