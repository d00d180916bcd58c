// How a layer's edge values become bytes and back: float32 as is, float16 (round to nearest even), or int8 with one
// symmetric per-layer scale (max|v| / 127, so the largest weight is exactly ±127·scale and 0 stays exactly 0).
import { FLOAT16_MAX, fromFloat16Bits, toFloat16Bits } from './float16';
import type { ValueType } from './model';

export const VALUE_BYTES: Record<ValueType, number> = { float32: 4, float16: 2, int8: 1 };

export interface EncodedValues {
  bytes: Uint8Array;
  /** Dequantisation factor: 1 for float types. */
  scale: number;
}

/** Throws (one line) if the values cannot be stored as `type`. */
export function encodeValues(values: Float32Array, type: ValueType): EncodedValues {
  let maxAbs = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) throw new Error(`value ${k} is ${v}`);
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  if (type === 'float32') return { bytes: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)), scale: 1 };
  if (type === 'float16') {
    if (maxAbs > FLOAT16_MAX) throw new Error(`|value| ${maxAbs} exceeds the float16 range (${FLOAT16_MAX})`);
    const h = new Uint16Array(values.length);
    for (let k = 0; k < values.length; k++) h[k] = toFloat16Bits(values[k]);
    return { bytes: new Uint8Array(h.buffer), scale: 1 };
  }
  const scale = Math.fround(maxAbs / 127);
  const q = new Int8Array(values.length);
  if (scale > 0) for (let k = 0; k < values.length; k++) q[k] = Math.max(-127, Math.min(127, Math.round(values[k] / scale)));
  return { bytes: new Uint8Array(q.buffer), scale };
}

/** The float32 values `bytes` (count entries of `type`) stand for. `bytes` may be unaligned. */
export function decodeValues(bytes: Uint8Array, count: number, type: ValueType, scale: number): Float32Array {
  // An aligned copy (not bytes.slice: on a Node Buffer that is a view, not a copy).
  const own = new Uint8Array(bytes.subarray(0, count * VALUE_BYTES[type]));
  if (type === 'float32') return new Float32Array(own.buffer, 0, count);
  const out = new Float32Array(count);
  if (type === 'float16') {
    const h = new Uint16Array(own.buffer, 0, count);
    for (let k = 0; k < count; k++) out[k] = fromFloat16Bits(h[k]);
  } else {
    const q = new Int8Array(own.buffer, 0, count);
    for (let k = 0; k < count; k++) out[k] = q[k] * scale;
  }
  return out;
}
