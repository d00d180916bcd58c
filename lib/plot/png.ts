// Just enough PNG to check an export: the signature and the pixel size from the IHDR chunk.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Pixel width and height of a PNG (IHDR is always the first chunk, right after the 8-byte signature). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const ihdr = String.fromCharCode(...bytes.subarray(12, 16));
  if (!isPng(bytes) || bytes.length < 24 || ihdr !== 'IHDR') throw new Error('not a PNG (bad signature or first chunk)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
