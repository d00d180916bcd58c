// The .spff format: exact byte layout per layer, round trips for every value type and topology storage, index type
// by nIn, and rejection of truncated / corrupted / foreign / wrong-version files with one line naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { crc32 } from '../../lib/infer/crc32';
import { fromFloat16Bits, toFloat16Bits } from '../../lib/infer/float16';
import { decodeModel, encodeModel, FormatError, MAGIC } from '../../lib/infer/format';
import type { ModelLayer, SparseModel, ValueType } from '../../lib/infer/model';
import { makeRng, randNormal } from '../../lib/base/random';
import { csrFromRows, type Csr } from '../../lib/topology/csr';
import { generate } from '../../lib/topology/registry';
import type { TopologySpec } from '../../lib/topology/spec';

function values(n: number, seed: number): Float32Array {
  const rng = makeRng(seed, 'infer-format');
  return Float32Array.from({ length: n }, () => randNormal(rng) * 0.3);
}

function layer(csr: Csr, spec: TopologySpec | null, activation: ModelLayer['activation'], seed: number, bias = true): ModelLayer {
  return { csr, spec, values: values(csr.rowPtr[csr.nOut], seed), bias: bias ? values(csr.nOut, seed + 100) : null, activation };
}

/** 300 → 40 by spec, 40 → 12 explicit (uint8 indices), 12 → 5 explicit without bias. */
function smallModel(): SparseModel {
  const spec: TopologySpec = { kind: 'random', density: 0.1, seed: 7 };
  const explicit = csrFromRows(40, Array.from({ length: 12 }, (_, j) => [j, (j * 7) % 40, 39]));
  const last = csrFromRows(12, Array.from({ length: 5 }, (_, j) => [j, j + 5, 11]));
  return {
    layers: [
      layer(generate(spec, 300, 40), spec, 'relu', 1),
      layer(explicit, null, 'tanh', 2),
      layer(last, null, 'linear', 3, false),
    ],
  };
}

const expectedValues: Record<ValueType, (v: Float32Array) => Float32Array> = {
  float32: v => v,
  float16: v => v.map(x => fromFloat16Bits(toFloat16Bits(x))),
  int8: v => {
    const scale = Math.fround(Math.max(...v.map(Math.abs)) / 127);
    return v.map(x => (Math.round(x / scale) | 0) * scale); // | 0: an int8 has no -0
  },
};

test('crc32 matches the standard check value and zlib', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  const data = Buffer.from(values(1000, 9).buffer);
  const z = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32;
  if (z) assert.equal(crc32(data), z(data));
  assert.equal(crc32(data.subarray(500), crc32(data.subarray(0, 500))), crc32(data));
});

test('float16: every finite half survives half → float → half; ties round to even', () => {
  for (let h = 0; h < 0x10000; h++) {
    if (((h >>> 10) & 0x1f) === 0x1f) continue;
    assert.equal(toFloat16Bits(fromFloat16Bits(h)), h, `0x${h.toString(16)}`);
  }
  assert.equal(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11)), 1); // tie → even mantissa 0
  assert.equal(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11)), 1 + 2 ** -9); // tie → even mantissa 2
  assert.equal(fromFloat16Bits(toFloat16Bits(2 ** -25)), 0); // half the smallest subnormal: tie → 0
  assert.equal(fromFloat16Bits(toFloat16Bits(1.5 * 2 ** -25)), 2 ** -24);
  assert.equal(toFloat16Bits(65520), 0x7c00); // rounds past the largest half: infinity
  assert.equal(fromFloat16Bits(toFloat16Bits(-65504)), -65504);
});

for (const type of ['float32', 'float16', 'int8'] as ValueType[]) {
  test(`round trip with ${type} values: same graphs, specs, activations, biases; values as stored`, () => {
    const model = smallModel();
    const { bytes, layers } = encodeModel(model, { values: type });
    const decoded = decodeModel(bytes, 'm.spff');
    assert.deepEqual(decoded.layers, layers);
    assert.deepEqual(layers.map(l => [l.storage, l.indexType, l.valueType]), [['spec', null, type], ['csr', 'uint8', type], ['csr', 'uint8', type]]);
    model.layers.forEach((a, l) => {
      const b = decoded.model.layers[l];
      assert.deepEqual(b.csr, a.csr);
      assert.deepEqual(b.spec, a.spec);
      assert.equal(b.activation, a.activation);
      assert.deepEqual(b.bias, a.bias);
      assert.deepEqual(b.values, expectedValues[type](a.values));
    });
    // Decoded values are exactly representable in the stored type: re-encoding gives the same bytes.
    assert.deepEqual(encodeModel(decoded.model, { values: type }).bytes, bytes);
  });
}

test('exact record sizes: spec layers store values only, explicit layers the narrowest column index type', () => {
  const spec: TopologySpec = { kind: 'random', density: 0.1, seed: 7 };
  const csr = generate(spec, 300, 40);
  const nnz = csr.rowPtr[40];
  const json = JSON.stringify(spec).length;
  const bySpec = encodeModel({ layers: [layer(csr, spec, 'relu', 1)] }, { values: 'float16' });
  assert.equal(bySpec.layers[0].bytes, 12 + 4 + 2 + json + 2 * nnz + 4 * 40);
  assert.equal(bySpec.bytes.length, 12 + 4 * 2 + bySpec.layers[0].bytes + 4);
  const explicit = encodeModel({ layers: [layer(csr, null, 'relu', 1)] }, { values: 'int8' });
  assert.equal(explicit.layers[0].indexType, 'uint16');
  assert.equal(explicit.layers[0].bytes, 12 + 4 * 41 + 2 * nnz + nnz + 4 * 40);
  // nIn 256 → uint8; 257 → uint16; 65537 → uint32.
  for (const [nIn, type, size] of [[256, 'uint8', 1], [257, 'uint16', 2], [65536, 'uint16', 2], [65537, 'uint32', 4]] as const) {
    const g = csrFromRows(nIn, [[0, nIn - 1], [1]]);
    const enc = encodeModel({ layers: [layer(g, null, 'linear', 4)] });
    assert.equal(enc.layers[0].indexType, type);
    assert.equal(enc.layers[0].bytes, 12 + 4 * 3 + size * 3 + 4 * 3 + 4 * 2);
    assert.deepEqual(decodeModel(enc.bytes).model.layers[0].csr, g);
  }
});

test('a spec that does not reproduce the layer graph falls back to explicit CSR', () => {
  const spec: TopologySpec = { kind: 'random', density: 0.2, seed: 3 };
  const csr = generate(spec, 30, 10);
  const rewired: Csr = { ...csr, colIdx: csr.colIdx.slice() };
  const j = 0, k = rewired.rowPtr[1] - 1; // move row 0's last edge to a free column
  for (let c = 29; c >= 0; c--) if (!Array.from(rewired.colIdx.subarray(rewired.rowPtr[j], rewired.rowPtr[j + 1])).includes(c)) { if (c > rewired.colIdx[k - 1]) rewired.colIdx[k] = c; break; }
  assert.notDeepEqual(rewired.colIdx, csr.colIdx);
  const { bytes, layers } = encodeModel({ layers: [layer(rewired, spec, 'relu', 5)] });
  assert.equal(layers[0].storage, 'csr');
  assert.deepEqual(decodeModel(bytes).model.layers[0].csr, rewired);
  assert.equal(encodeModel({ layers: [layer(csr, spec, 'relu', 5)] }).layers[0].storage, 'spec');
});

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => decodeModel(bytes, '/tmp/model.spff'), (err: Error) => {
    assert.ok(err instanceof FormatError, String(err));
    assert.equal(err.message.split('\n').length, 1);
    assert.ok(err.message.startsWith('/tmp/model.spff: '), err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

/** Sets a header/body field and recomputes the checksum, so only the field itself is wrong. */
function patched(bytes: Buffer, edit: (b: Buffer) => void): Buffer {
  const b = Buffer.from(bytes);
  edit(b);
  b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)), b.length - 4);
  return b;
}

test('truncated, bit-flipped, foreign, wrong-version and malformed files are rejected with one line', () => {
  const { bytes } = encodeModel(smallModel());
  rejects(bytes.subarray(0, bytes.length - 1), new RegExp(`truncated: ${bytes.length - 1} of ${bytes.length} bytes`));
  rejects(bytes.subarray(0, 100), /truncated: 100 of/);
  rejects(bytes.subarray(0, 2), /truncated: 2 bytes/);
  rejects(bytes.subarray(0, 8), /truncated: 8 bytes, shorter than the 12-byte header/);
  rejects(Buffer.concat([bytes, Buffer.from([0])]), /1 unexpected bytes after the/);
  for (const at of [20, Math.floor(bytes.length / 2), bytes.length - 10, bytes.length - 1]) {
    const flipped = Buffer.from(bytes);
    flipped[at] ^= 0x10;
    rejects(flipped, /checksum mismatch .*: the file is corrupted/);
  }
  rejects(Buffer.from('PK\x03\x04 not a model at all'), /not a sparse model file \(magic "PK\\u0003\\u0004", expected "SPFF"\)/);
  const v2 = Buffer.from(bytes);
  v2.writeUInt16LE(2, 4);
  rejects(v2, /unsupported format version 2 \(this reader reads version 1\)/);
  // Well-checksummed but inconsistent content is still caught.
  const explicitAt = 12 + 4 * 4 + encodeModel({ layers: [smallModel().layers[0]] }).layers[0].bytes;
  const colIdxAt = explicitAt + 12 + 4 * 13;
  rejects(patched(bytes, b => { b[colIdxAt] = 40; }), /layer 1: CSR: column 40 out of range \[0, 40\)/);
  rejects(patched(bytes, b => { b[explicitAt] = 9; }), /layer 1: unknown activation code 9/);
  rejects(patched(bytes, b => { b.writeUInt32LE(41, 12 + 4); }), /layer 0: topology spec gives 1230 edges but the file has 1200$/);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), MAGIC);
});

test('encode refuses models the format cannot hold, with the layer named', () => {
  const m = smallModel();
  assert.throws(() => encodeModel({ layers: [m.layers[1], m.layers[0]] }), /layer 1 has nIn=300 but layer 0 has nOut=12/);
  const big = { ...m.layers[2], values: m.layers[2].values.map((_, k) => (k === 0 ? 1e6 : 0)) };
  assert.throws(() => encodeModel({ layers: [m.layers[0], m.layers[1], big] }, { values: 'float16' }), /layer 2: cannot store values as float16: \|value\| 1000000 exceeds/);
  const nan = { ...m.layers[2], values: m.layers[2].values.map(() => NaN) };
  assert.throws(() => encodeModel({ layers: [m.layers[0], m.layers[1], nan] }), /layer 2: cannot store values as float32: value 0 is NaN/);
});
