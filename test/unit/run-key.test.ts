import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, runKey } from '../../lib/experiments/run-key';
import type { TrainConfig } from '../../lib/train/config';

const config: TrainConfig = {
  dataset: 'mnist', arch: [300, 100], topology: 'random', density: 0.1, allocation: 'uniform', denseOutput: true,
  mode: 'sparse', epochs: 20, batchSize: 128, learningRate: 0.001, validationFraction: 1 / 12, seed: 1,
  earlyStopPatience: 3,
};

test('runKey is a fixed 16-hex-digit hash of the canonical config (changing it orphans stored results)', () => {
  // sha256 of the sorted-key JSON below, computed independently with `node -e crypto.createHash(...)`.
  assert.equal(canonicalJson(config),
    '{"allocation":"uniform","arch":[300,100],"batchSize":128,"dataset":"mnist","denseOutput":true,"density":0.1,' +
    '"earlyStopPatience":3,"epochs":20,"learningRate":0.001,"mode":"sparse","seed":1,"topology":"random",' +
    '"validationFraction":0.08333333333333333}');
  assert.equal(runKey(config), 'c4f902285a0ef721');
});

test('key order does not change the key; undefined fields are omitted', () => {
  const reversed = Object.fromEntries(Object.entries(config).reverse()) as unknown as TrainConfig;
  assert.notDeepEqual(Object.keys(reversed), Object.keys(config));
  assert.equal(runKey(reversed), runKey(config));
  assert.equal(runKey({ ...config, trainLimit: undefined }), runKey(config));
  assert.equal(canonicalJson({ b: { y: 1, x: [2, { d: 1, c: 2 }] }, a: null }), '{"a":null,"b":{"x":[2,{"c":2,"d":1}],"y":1}}');
});

test('any setting change, including array order, gives a different key', () => {
  const keys = [config, { ...config, seed: 2 }, { ...config, arch: [100, 300] }, { ...config, epochs: 21 },
    { ...config, earlyStopPatience: undefined }].map(runKey);
  assert.equal(new Set(keys).size, keys.length);
});

test('canonicalJson refuses numbers JSON cannot hold', () => {
  assert.throws(() => canonicalJson({ lr: NaN }), /non-finite/);
});
