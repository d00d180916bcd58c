// The protocol-buffer wire format, as much of it as ONNX files use: varints, 32/64-bit fixed fields and
// length-delimited fields (bytes, strings, nested messages, packed arrays). Pure functions on Uint8Array, no Node APIs.
// Reading never allocates more than the bytes it is given justify: every length is checked against what remains
// before a view is taken, and a view is a subarray (no copy) until the caller decodes it.

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export class ProtoError extends Error {}

/** Builds one message; nested messages are written into their own writer and added with `message`. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];
  length = 0;

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    this.chunks.push(Uint8Array.from(this.scratch));
    this.length += this.scratch.length;
    this.scratch = [];
  }

  private rawVarint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.scratch.push(byte);
    } while (v !== 0n);
  }

  private key(field: number, wire: number): void { this.rawVarint((field << 3) | wire); }

  /** int32/int64/enum/bool (negative numbers as ten-byte two's complement, as protobuf does). */
  varint(field: number, value: number | bigint): this { this.key(field, WIRE.varint); this.rawVarint(value); return this; }

  float(field: number, value: number): this {
    this.key(field, WIRE.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.key(field, WIRE.bytes);
    this.rawVarint(data.length);
    this.flushScratch();
    this.chunks.push(data);
    this.length += data.length;
    return this;
  }

  string(field: number, text: string): this { return this.bytes(field, new TextEncoder().encode(text)); }

  message(field: number, inner: ProtoWriter): this { return this.bytes(field, inner.finish()); }

  /** A packed repeated int64 field (ONNX writes dims this way in newer files; both forms are read). */
  packedVarints(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.rawVarint(values[i]);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    this.flushScratch();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) { out.set(c, at); at += c.length; }
    this.chunks = [out];
    return out;
  }
}

/** One field of a message as read: varints as bigint (int64 values need all 64 bits), length-delimited as a view. */
export type ProtoField =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1 | 5; value: Uint8Array }
  | { field: number; wire: 2; value: Uint8Array };

function readVarint(buf: Uint8Array, at: number, end: number, what: string): { value: bigint; next: number } {
  let value = 0n, shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (at >= end) throw new ProtoError(`${what}: a varint runs past the end of its message`);
    const byte = buf[at++];
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: at };
    shift += 7n;
  }
  throw new ProtoError(`${what}: a varint longer than 10 bytes`);
}

/** Every field of the message in `buf`, in file order. `what` names the message in errors. */
export function readFields(buf: Uint8Array, what: string): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const end = buf.length;
  while (at < end) {
    const key = readVarint(buf, at, end, what);
    at = key.next;
    const field = Number(key.value >> 3n), wire = Number(key.value & 7n);
    if (field < 1) throw new ProtoError(`${what}: field number 0`);
    if (wire === WIRE.varint) {
      const v = readVarint(buf, at, end, what);
      fields.push({ field, wire, value: v.value });
      at = v.next;
    } else if (wire === WIRE.fixed64 || wire === WIRE.fixed32) {
      const n = wire === WIRE.fixed64 ? 8 : 4;
      if (at + n > end) throw new ProtoError(`${what}: field ${field} runs past the end of its message`);
      fields.push({ field, wire, value: buf.subarray(at, at + n) });
      at += n;
    } else if (wire === WIRE.bytes) {
      const len = readVarint(buf, at, end, what);
      at = len.next;
      if (len.value > BigInt(end - at)) throw new ProtoError(`${what}: field ${field} claims ${len.value} bytes but only ${end - at} remain`);
      const n = Number(len.value);
      fields.push({ field, wire, value: buf.subarray(at, at + n) });
      at += n;
    } else {
      throw new ProtoError(`${what}: unsupported wire type ${wire} (field ${field})`);
    }
  }
  return fields;
}

/** The varints of a repeated integer field, whether written packed (one bytes field) or one by one. */
export function repeatedVarints(fields: ProtoField[], field: number, what: string): bigint[] {
  const out: bigint[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === 0) out.push(f.value);
    else if (f.wire === 2) {
      let at = 0;
      while (at < f.value.length) {
        const v = readVarint(f.value, at, f.value.length, what);
        out.push(v.value);
        at = v.next;
      }
    } else throw new ProtoError(`${what}: field ${field} is not an integer`);
  }
  return out;
}

/** A signed int64 varint as a number, refused outside ±2^53 (no ONNX size this reader accepts comes near). */
export function int64(v: bigint, what: string): number {
  const s = BigInt.asIntN(64, v);
  if (s > BigInt(Number.MAX_SAFE_INTEGER) || s < -BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtoError(`${what}: ${s} is out of range`);
  return Number(s);
}

export const utf8 = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(b);

export function fixed32Float(b: Uint8Array): number {
  return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
}
