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
// Decoding lives in format-read.ts (no Node API, no generators: the browser module bundles it); decodeModel here is
// that reader with the topology registry injected, so it also reads spec layers.
import { indexTypeFor, validateCsr, type Csr } from '../topology/csr';
import { expectedNnz, generate } from '../topology/registry';
import type { TopologySpec } from '../topology/spec';
import { crc32 } from './crc32';
import { checkHostEndianness, FORMAT_VERSION, graphCrc, HEADER_BYTES, MAGIC, readModel, type IndexType, type LayerInfo } from './format-read';
import { ACTIVATIONS, VALUE_TYPES, type ModelLayer, type SparseModel, type ValueType } from './model';
import { encodeValues } from './value-codecs';

export { FORMAT_VERSION, FormatError, graphCrc, MAGIC, type LayerInfo, type SpecResolver } from './format-read';

export interface EncodeOptions {
  values?: ValueType;
  /**
   * 'auto' (default): a layer whose graph its topology spec regenerates stores the spec; 'csr': every layer stores its
   * indices, so a reader needs no topology generators (the browser module has none).
   */
  graph?: 'auto' | 'csr';
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

function encodeLayer(w: Writer, layer: ModelLayer, index: number, valueType: ValueType, graph: 'auto' | 'csr'): LayerInfo {
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
  const bySpec = graph === 'auto' && layer.spec != null && specReproduces(layer.spec, csr);
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
  const infos = layers.map((layer, l) => encodeLayer(body, layer, l, valueType, opts.graph ?? 'auto'));
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

export interface DecodeOptions {
  /** Refuse (before allocating) a model whose decoded arrays would take more than this; default: no limit. */
  memoryBytes?: number;
}

/** Parse and fully validate a model file (format-read.ts), regenerating spec layers with the topology registry. */
export function decodeModel(bytes: Uint8Array, source = '<buffer>', opts: DecodeOptions = {}): { model: SparseModel; layers: LayerInfo[] } {
  return readModel(bytes, source, { memoryBytes: opts.memoryBytes, specs: { expectedNnz, generate } });
}
