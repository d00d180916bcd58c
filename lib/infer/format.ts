// The compact sparse model file (.spff): pure encode/decode between a SparseModel and bytes. Little-endian throughout.
//
//   header   'SPFF' | u16 version | u16 layers L | u32 total file bytes | u32 sizes × (L+1)
//   layer    u8 activation | u8 storage (0 spec, 1 csr) | u8 value type (0 f32, 1 f16, 2 i8) | u8 has bias
//            | u32 nnz | f32 scale (int8 dequantisation; 1 otherwise)
//            | spec: u32 CRC-32 of the realised graph | u16 n | n bytes of JSON {kind, density, seed, options?}
//            | csr:  u32 rowPtr × (nOut+1) | colIdx × nnz in the narrowest type holding nIn−1 (uint8/16/32)
//            | values × nnz | f32 bias × nOut (if any)
//   trailer  u32 CRC-32 of every byte before it
//
// A spec layer is written only if `generate(spec)` reproduces the layer's CSR exactly; on load the graph is
// regenerated and checked against the stored graph CRC, so a generator that changed since export is caught.
// Decoding checks, in order: magic, version, total length (truncation), checksum (corruption), then every size,
// byte length and index; any failure is a FormatError with one line naming the source and what is wrong. Nothing is
// allocated or generated before the file is known to hold the bytes it implies (a CRC is no proof of good intent:
// anyone can write a valid one), and layer sizes are capped at MAX_LAYER_UNITS (lib/base/limits.ts).
import { endianness } from 'node:os';
import { formatBytes } from '../base/format-bytes';
import { MAX_LAYER_UNITS } from '../base/limits';
import { validateCsr, type Csr } from '../topology/csr';
import { indexTypeFor } from '../topology/cost';
import { expectedNnz, generate } from '../topology/registry';
import type { TopologySpec } from '../topology/spec';
import { crc32 } from './crc32';
import { ACTIVATIONS, VALUE_TYPES, type ModelLayer, type SparseModel, type ValueType } from './model';
import { VALUE_BYTES, decodeValues, encodeValues } from './value-codecs';

export const MAGIC = 'SPFF';
export const FORMAT_VERSION = 1;
const HEADER_BYTES = 12;
const LAYER_FIXED_BYTES = 12;
const INDEX_BYTES = { uint8: 1, uint16: 2, uint32: 4 } as const;
type IndexType = keyof typeof INDEX_BYTES;

export class FormatError extends Error {}

export interface LayerInfo {
  nIn: number;
  nOut: number;
  nnz: number;
  /** 'spec': indices regenerated from the topology spec; 'csr': explicit indices. */
  storage: 'spec' | 'csr';
  /** Column index type of a 'csr' layer (null for 'spec'). */
  indexType: IndexType | null;
  valueType: ValueType;
  scale: number;
  /** Bytes of this layer's record in the file. */
  bytes: number;
}

export interface EncodeOptions {
  values?: ValueType;
}

function checkHostEndianness(): void {
  // Typed-array views are used for the payload arrays; they are little-endian only on a little-endian host.
  if (endianness() !== 'LE') throw new Error('sparse model files: big-endian hosts are not supported');
}

/** CRC-32 of a graph's rowPtr then colIdx (as int32 little-endian): identifies a realised topology. */
export function graphCrc(csr: Csr): number {
  const rp = new Uint8Array(csr.rowPtr.buffer, csr.rowPtr.byteOffset, csr.rowPtr.byteLength);
  return crc32(new Uint8Array(csr.colIdx.buffer, csr.colIdx.byteOffset, csr.colIdx.byteLength), crc32(rp));
}

function sameCsr(a: Csr, b: Csr): boolean {
  if (a.nIn !== b.nIn || a.nOut !== b.nOut || a.colIdx.length !== b.colIdx.length) return false;
  for (let i = 0; i <= a.nOut; i++) if (a.rowPtr[i] !== b.rowPtr[i]) return false;
  for (let k = 0; k < a.colIdx.length; k++) if (a.colIdx[k] !== b.colIdx[k]) return false;
  return true;
}

/** True when `generate(spec, nIn, nOut)` gives exactly this graph (a spec that does not even validate: false). */
export function specReproduces(spec: TopologySpec, csr: Csr): boolean {
  let regenerated: Csr;
  try { regenerated = generate(spec, csr.nIn, csr.nOut); } catch { return false; }
  return sameCsr(regenerated, csr);
}

/** Only the fields that define the graph, in a fixed order (so equal specs encode to equal bytes). */
function specJson(spec: TopologySpec): string {
  return JSON.stringify({ kind: spec.kind, density: spec.density, seed: spec.seed, ...(spec.options ? { options: spec.options } : {}) });
}

class Writer {
  private chunks: Buffer[] = [];
  length = 0;
  raw(b: Uint8Array): void { this.chunks.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength)); this.length += b.byteLength; }
  private fixed(n: number, write: (b: Buffer) => void): void { const b = Buffer.alloc(n); write(b); this.chunks.push(b); this.length += n; }
  u8(v: number): void { this.fixed(1, b => b.writeUInt8(v)); }
  u16(v: number): void { this.fixed(2, b => b.writeUInt16LE(v)); }
  u32(v: number): void { this.fixed(4, b => b.writeUInt32LE(v)); }
  f32(v: number): void { this.fixed(4, b => b.writeFloatLE(v)); }
  concat(): Buffer { return Buffer.concat(this.chunks, this.length); }
}

function indexBytes(colIdx: Int32Array, type: IndexType): Uint8Array {
  const narrow = type === 'uint8' ? Uint8Array.from(colIdx) : type === 'uint16' ? Uint16Array.from(colIdx) : Uint32Array.from(colIdx);
  return new Uint8Array(narrow.buffer);
}

function encodeLayer(w: Writer, layer: ModelLayer, index: number, valueType: ValueType): LayerInfo {
  const { csr } = layer;
  const start = w.length;
  const fail = (what: string) => { throw new Error(`layer ${index}: ${what}`); };
  try { validateCsr(csr); } catch (err) { fail((err as Error).message); }
  const nnz = csr.rowPtr[csr.nOut];
  if (layer.values.length !== nnz) fail(`${layer.values.length} values for ${nnz} edges`);
  if (layer.bias && layer.bias.length !== csr.nOut) fail(`${layer.bias.length} biases for ${csr.nOut} units`);
  if (layer.bias?.some(b => !Number.isFinite(b))) fail('a bias is not finite');
  const activation = ACTIVATIONS.indexOf(layer.activation);
  if (activation < 0) fail(`activation '${layer.activation}' is not supported (supported: ${ACTIVATIONS.join(', ')})`);
  let encoded;
  try { encoded = encodeValues(layer.values, valueType); } catch (err) { return fail(`cannot store values as ${valueType}: ${(err as Error).message}`); }
  const bySpec = layer.spec != null && specReproduces(layer.spec, csr);
  const json = bySpec ? Buffer.from(specJson(layer.spec!), 'utf8') : null;
  if (json && json.length > 0xffff) fail('topology spec too long');
  w.u8(activation);
  w.u8(bySpec ? 0 : 1);
  w.u8(VALUE_TYPES.indexOf(valueType));
  w.u8(layer.bias ? 1 : 0);
  w.u32(nnz);
  w.f32(encoded.scale);
  const indexType = bySpec ? null : indexTypeFor(csr.nIn);
  if (json) {
    w.u32(graphCrc(csr));
    w.u16(json.length);
    w.raw(json);
  } else {
    w.raw(new Uint8Array(Uint32Array.from(csr.rowPtr).buffer));
    w.raw(indexBytes(csr.colIdx, indexType!));
  }
  w.raw(encoded.bytes);
  if (layer.bias) w.raw(new Uint8Array(Float32Array.from(layer.bias).buffer));
  return { nIn: csr.nIn, nOut: csr.nOut, nnz, storage: bySpec ? 'spec' : 'csr', indexType, valueType, scale: encoded.scale, bytes: w.length - start };
}

/** The file bytes of a model, plus what each layer's record holds. Throws a one-line Error on an invalid model. */
export function encodeModel(model: SparseModel, opts: EncodeOptions = {}): { bytes: Buffer; layers: LayerInfo[] } {
  checkHostEndianness();
  const valueType = opts.values ?? 'float32';
  if (!VALUE_TYPES.includes(valueType)) throw new Error(`unknown value type '${valueType}' (known: ${VALUE_TYPES.join(', ')})`);
  const { layers } = model;
  if (layers.length === 0 || layers.length > 0xffff) throw new Error(`a model needs 1..65535 layers (got ${layers.length})`);
  for (let l = 1; l < layers.length; l++) {
    if (layers[l].csr.nIn !== layers[l - 1].csr.nOut) throw new Error(`layer ${l} has nIn=${layers[l].csr.nIn} but layer ${l - 1} has nOut=${layers[l - 1].csr.nOut}`);
  }
  const body = new Writer();
  const sizes = [layers[0].csr.nIn, ...layers.map(l => l.csr.nOut)];
  for (const s of sizes) body.u32(s);
  const infos = layers.map((layer, l) => encodeLayer(body, layer, l, valueType));
  const payload = body.concat();
  const total = HEADER_BYTES + payload.length + 4;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt16LE(FORMAT_VERSION, 4);
  header.writeUInt16LE(layers.length, 6);
  header.writeUInt32LE(total, 8);
  const bytes = Buffer.alloc(total);
  header.copy(bytes, 0);
  payload.copy(bytes, HEADER_BYTES);
  bytes.writeUInt32LE(crc32(bytes.subarray(0, total - 4)), total - 4);
  return { bytes, layers: infos };
}

class Reader {
  offset = 0;
  constructor(private readonly buf: Uint8Array, private readonly view: DataView, private readonly end: number,
    private readonly fail: (what: string) => never) {}
  take(n: number, what: string): Uint8Array {
    if (this.offset + n > this.end) this.fail(`${what} runs past the end of the model data`);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  u8(what: string): number { return this.take(1, what)[0]; }
  u16(what: string): number { this.take(2, what); return this.view.getUint16(this.offset - 2, true); }
  u32(what: string): number { this.take(4, what); return this.view.getUint32(this.offset - 4, true); }
  f32(what: string): number { this.take(4, what); return this.view.getFloat32(this.offset - 4, true); }
  remaining(): number { return this.end - this.offset; }
}

function readIndices(bytes: Uint8Array, count: number, type: IndexType): Int32Array {
  const own = new Uint8Array(bytes); // an aligned copy (Buffer.slice would be a view)
  const narrow = type === 'uint8' ? own : type === 'uint16' ? new Uint16Array(own.buffer, 0, count) : new Uint32Array(own.buffer, 0, count);
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const v = narrow[k];
    out[k] = v > 0x7fffffff ? -1 : v; // out of int32 range: made invalid, so validateCsr rejects it
  }
  return out;
}

/** Bytes a decoded layer holds: rowPtr and colIdx as int32, values and biases as float32. */
function decodedLayerBytes(nOut: number, nnz: number, hasBias: boolean): number {
  return 4 * (nOut + 1) + 8 * nnz + (hasBias ? 4 * nOut : 0);
}

function decodeLayer(r: Reader, nIn: number, nOut: number, fail: (what: string) => never, reserve: (bytes: number) => void): { layer: ModelLayer; info: LayerInfo } {
  const start = r.offset;
  const act = r.u8('activation');
  const storage = r.u8('storage');
  const vt = r.u8('value type');
  const hasBias = r.u8('bias flag');
  const nnz = r.u32('nnz');
  const scale = r.f32('scale');
  if (act >= ACTIVATIONS.length) fail(`unknown activation code ${act}`);
  if (storage > 1) fail(`unknown topology storage code ${storage}`);
  if (vt >= VALUE_TYPES.length) fail(`unknown value type code ${vt}`);
  if (hasBias > 1) fail(`bad bias flag ${hasBias}`);
  if (nnz < 1 || nnz > nIn * nOut) fail(`nnz ${nnz} outside 1..${nIn * nOut} for a ${nIn}→${nOut} layer`);
  if (!(Number.isFinite(scale) && scale >= 0)) fail(`bad value scale ${scale}`);
  const valueType = VALUE_TYPES[vt];
  // Nothing is allocated or regenerated before the file is known to hold every byte the layer implies.
  const needs = (payload: number) => {
    if (payload > r.remaining()) fail(`${nnz} edges${hasBias ? ` and ${nOut} biases` : ''} need ${payload} more bytes but only ${r.remaining()} remain`);
    reserve(decodedLayerBytes(nOut, nnz, hasBias === 1));
  };
  const valueAndBiasBytes = VALUE_BYTES[valueType] * nnz + (hasBias ? 4 * nOut : 0);
  let csr: Csr;
  let spec: TopologySpec | null = null;
  let indexType: IndexType | null = null;
  if (storage === 0) {
    const crc = r.u32('graph checksum');
    const text = Buffer.from(r.take(r.u16('spec length'), 'topology spec')).toString('utf8');
    try { spec = JSON.parse(text) as TopologySpec; } catch { fail('topology spec is not valid JSON'); }
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) fail('topology spec is not a JSON object');
    // Regenerating costs memory and time in proportion to the edges: the spec must give the stored edge count, whose
    // values the file must hold, so a small file cannot ask for billions of edges.
    let expected = 0;
    try { expected = expectedNnz(spec!, nIn, nOut); } catch (err) { fail(`topology spec: ${(err as Error).message}`); }
    if (expected !== nnz) fail(`topology spec gives ${expected} edges but the file has ${nnz}`);
    needs(valueAndBiasBytes);
    try { csr = generate(spec!, nIn, nOut); } catch (err) { fail(`topology spec: ${(err as Error).message}`); }
    if (csr!.rowPtr[nOut] !== nnz) fail(`topology spec regenerates ${csr!.rowPtr[nOut]} edges but the file has ${nnz}`);
    if (graphCrc(csr!) !== crc) fail('the graph regenerated from the topology spec differs from the exported one (has the generator changed?)');
  } else {
    indexType = indexTypeFor(nIn);
    needs(4 * (nOut + 1) + INDEX_BYTES[indexType] * nnz + valueAndBiasBytes);
    const rowPtr = readIndices(r.take(4 * (nOut + 1), 'rowPtr'), nOut + 1, 'uint32');
    const colIdx = readIndices(r.take(INDEX_BYTES[indexType] * nnz, 'colIdx'), nnz, indexType);
    csr = { nIn, nOut, rowPtr, colIdx };
    try { validateCsr(csr); } catch (err) { fail((err as Error).message); }
  }
  const values = decodeValues(r.take(VALUE_BYTES[valueType] * nnz, 'values'), nnz, valueType, scale);
  for (let k = 0; k < nnz; k++) if (!Number.isFinite(values[k])) fail(`value ${k} is ${values[k]}`);
  const bias = hasBias ? decodeValues(r.take(4 * nOut, 'bias'), nOut, 'float32', 1) : null;
  if (bias?.some(b => !Number.isFinite(b))) fail('a bias is not finite');
  return {
    layer: { csr: csr!, spec, values, bias, activation: ACTIVATIONS[act] },
    info: { nIn, nOut, nnz, storage: storage === 0 ? 'spec' : 'csr', indexType, valueType, scale, bytes: r.offset - start },
  };
}

export interface DecodeOptions {
  /** Refuse (before allocating) a model whose decoded arrays would take more than this; default: no limit. */
  memoryBytes?: number;
}

/** Parse and fully validate a model file; `source` (the file name) starts every error message. */
export function decodeModel(bytes: Uint8Array, source = '<buffer>', opts: DecodeOptions = {}): { model: SparseModel; layers: LayerInfo[] } {
  checkHostEndianness();
  const fail = (what: string): never => { throw new FormatError(`${source}: ${what}`); };
  const n = bytes.length;
  if (n < 4) fail(`truncated: ${n} bytes, not even the magic number`);
  const magic = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
  if (magic !== MAGIC) fail(`not a sparse model file (magic ${JSON.stringify(magic)}, expected "${MAGIC}")`);
  if (n < HEADER_BYTES) fail(`truncated: ${n} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) fail(`unsupported format version ${version} (this reader reads version ${FORMAT_VERSION})`);
  const total = view.getUint32(8, true);
  if (n < total) fail(`truncated: ${n} of ${total} bytes`);
  if (n > total) fail(`${n - total} unexpected bytes after the ${total}-byte model`);
  const stored = view.getUint32(n - 4, true), computed = crc32(bytes.subarray(0, n - 4));
  if (stored !== computed) {
    fail(`checksum mismatch (stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${computed.toString(16).padStart(8, '0')}): the file is corrupted`);
  }
  const nLayers = view.getUint16(6, true);
  if (nLayers < 1) fail('no layers');
  const r = new Reader(bytes, view, n - 4, fail);
  r.offset = HEADER_BYTES;
  const sizes: number[] = [];
  for (let i = 0; i <= nLayers; i++) {
    const s = r.u32('layer sizes');
    if (s < 1) fail(`layer size ${i} is 0`);
    if (s > MAX_LAYER_UNITS) fail(`layer size ${i} is ${s}, above the limit of ${MAX_LAYER_UNITS} units`);
    sizes.push(s);
  }
  const layers: ModelLayer[] = [], infos: LayerInfo[] = [];
  const budget = opts.memoryBytes ?? Infinity;
  let reserved = 0;
  for (let l = 0; l < nLayers; l++) {
    const reserve = (more: number) => {
      reserved += more;
      if (reserved > budget) fail(`decoding layers 0..${l} needs ${formatBytes(reserved)} of memory but only ${formatBytes(budget)} is available`);
    };
    const { layer, info } = decodeLayer(r, sizes[l], sizes[l + 1], what => fail(`layer ${l}: ${what}`), reserve);
    layers.push(layer);
    infos.push(info);
  }
  if (r.offset !== n - 4) fail(`${n - 4 - r.offset} unused bytes before the checksum`);
  return { model: { layers }, layers: infos };
}
