// Reading the compact sparse model file (.spff; layout in format.ts): the decoder with no Node API and no topology
// generators, so the browser module (lib/infer/browser/) bundles exactly this. A layer stored as a topology spec is
// regenerated through a `SpecResolver` the caller injects (format.ts injects the topology registry); without one such
// a layer is refused with one line saying to export with `--graph csr`.
//
// Decoding checks, in order: magic, version, total length (truncation), checksum (corruption), then every size,
// byte length and index; any failure is a FormatError with one line naming the source and what is wrong. Nothing is
// allocated or generated before the file is known to hold the bytes it implies (a CRC is no proof of good intent:
// anyone can write a valid one), and layer sizes are capped at MAX_LAYER_UNITS (lib/base/limits.ts).
import { formatBytes } from '../base/format-bytes';
import { MAX_LAYER_UNITS } from '../base/limits';
import { indexTypeFor, validateCsr, type Csr } from '../topology/csr';
import type { TopologySpec } from '../topology/spec';
import { crc32 } from './crc32';
import { ACTIVATIONS, VALUE_TYPES, type ModelLayer, type SparseModel, type ValueType } from './model';
import { VALUE_BYTES, decodeValues } from './value-codecs';

export const MAGIC = 'SPFF';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 12;
export const INDEX_BYTES = { uint8: 1, uint16: 2, uint32: 4 } as const;
export type IndexType = keyof typeof INDEX_BYTES;

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

/** What regenerates a spec layer's graph: the topology registry's two functions of the same names. */
export interface SpecResolver {
  expectedNnz(spec: TopologySpec, nIn: number, nOut: number): number;
  generate(spec: TopologySpec, nIn: number, nOut: number): Csr;
}

export interface ReadOptions {
  /** Refuse (before allocating) a model whose decoded arrays would take more than this; default: no limit. */
  memoryBytes?: number;
  /** Regenerates spec layers; without it a spec layer is a FormatError. */
  specs?: SpecResolver;
}

/** Typed-array views are used for the payload arrays; they read little-endian only on a little-endian host. */
export function checkHostEndianness(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('sparse model files: big-endian hosts are not supported');
}

/** CRC-32 of a graph's rowPtr then colIdx (as int32 little-endian): identifies a realised topology. */
export function graphCrc(csr: Csr): number {
  const rp = new Uint8Array(csr.rowPtr.buffer, csr.rowPtr.byteOffset, csr.rowPtr.byteLength);
  return crc32(new Uint8Array(csr.colIdx.buffer, csr.colIdx.byteOffset, csr.colIdx.byteLength), crc32(rp));
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
  const own = new Uint8Array(bytes); // an aligned copy (a subarray may start at any byte)
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

/** A spec layer's graph, regenerated and checked against the stored graph CRC; the spec JSON must already be read. */
function specGraph(r: Reader, nIn: number, nOut: number, nnz: number, specs: SpecResolver | undefined,
  fail: (what: string) => never, needs: () => void): { csr: Csr; spec: TopologySpec } {
  if (!specs) {
    fail('the graph is stored as a topology spec, which this reader cannot regenerate (it has no topology generators); '
      + 'export the model with --graph csr');
  }
  const crc = r.u32('graph checksum');
  const text = new TextDecoder().decode(r.take(r.u16('spec length'), 'topology spec'));
  let spec: TopologySpec | null = null;
  try { spec = JSON.parse(text) as TopologySpec; } catch { fail('topology spec is not valid JSON'); }
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) fail('topology spec is not a JSON object');
  // Regenerating costs memory and time in proportion to the edges: the spec must give the stored edge count, whose
  // values the file must hold, so a small file cannot ask for billions of edges.
  let expected = 0;
  try { expected = specs!.expectedNnz(spec!, nIn, nOut); } catch (err) { fail(`topology spec: ${(err as Error).message}`); }
  if (expected !== nnz) fail(`topology spec gives ${expected} edges but the file has ${nnz}`);
  needs();
  let csr: Csr | null = null;
  try { csr = specs!.generate(spec!, nIn, nOut); } catch (err) { fail(`topology spec: ${(err as Error).message}`); }
  if (csr!.rowPtr[nOut] !== nnz) fail(`topology spec regenerates ${csr!.rowPtr[nOut]} edges but the file has ${nnz}`);
  if (graphCrc(csr!) !== crc) fail('the graph regenerated from the topology spec differs from the exported one (has the generator changed?)');
  return { csr: csr!, spec: spec! };
}

function decodeLayer(r: Reader, nIn: number, nOut: number, specs: SpecResolver | undefined, fail: (what: string) => never,
  reserve: (bytes: number) => void): { layer: ModelLayer; info: LayerInfo } {
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
    ({ csr, spec } = specGraph(r, nIn, nOut, nnz, specs, fail, () => needs(valueAndBiasBytes)));
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
    layer: { csr, spec, values, bias, activation: ACTIVATIONS[act] },
    info: { nIn, nOut, nnz, storage: storage === 0 ? 'spec' : 'csr', indexType, valueType, scale, bytes: r.offset - start },
  };
}

/** The header's checks, in order; returns the layer count. */
function readHeader(bytes: Uint8Array, view: DataView, fail: (what: string) => never): number {
  const n = bytes.length;
  if (n < 4) fail(`truncated: ${n} bytes, not even the magic number`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) fail(`not a sparse model file (magic ${JSON.stringify(magic)}, expected "${MAGIC}")`);
  if (n < HEADER_BYTES) fail(`truncated: ${n} bytes, shorter than the ${HEADER_BYTES}-byte header`);
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
  return nLayers;
}

/** Parse and fully validate a model file; `source` (the file name) starts every error message. */
export function readModel(bytes: Uint8Array, source = '<buffer>', opts: ReadOptions = {}): { model: SparseModel; layers: LayerInfo[] } {
  checkHostEndianness();
  const fail = (what: string): never => { throw new FormatError(`${source}: ${what}`); };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nLayers = readHeader(bytes, view, fail);
  const n = bytes.length;
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
    const { layer, info } = decodeLayer(r, sizes[l], sizes[l + 1], opts.specs, what => fail(`layer ${l}: ${what}`), reserve);
    layers.push(layer);
    infos.push(info);
  }
  if (r.offset !== n - 4) fail(`${n - 4 - r.offset} unused bytes before the checksum`);
  return { model: { layers }, layers: infos };
}
