// Local layer: output j reads the k = max(1, round(density·nIn)) pixels nearest to its centre on the input image
// (Euclidean distance; ties by row, then column), the centres spread evenly over the image in raster order
// (centre of j = pixel floor((j + ½)·nIn/nOut)). A compact 2-D receptive field of constant fan-in, like a convolution
// without shared weights. It needs the input's 2-D shape; without one (a hidden layer) it is the 1-D band, the same
// window on a line: circulant 'band'. Seed-free: the same graph for every seed.
import type { Csr } from '../csr';
import { fanInFor } from '../validate';
import { generateCirculant } from './circulant';

export function localNnz(nIn: number, nOut: number, density: number): number {
  return fanInFor(density, nIn) * nOut;
}

/** The k pixels nearest to (r0, c0) on a rows×cols grid, as ascending pixel indices r·cols + c. */
export function nearestPixels(rows: number, cols: number, r0: number, c0: number, k: number): Int32Array {
  // Search a square window of half-width R: any pixel outside it is farther than R, so once the k-th nearest inside
  // lies within distance R the choice is exact. Grow R (a corner centre needs more) until that holds or R spans the image.
  for (let radius = Math.ceil(Math.sqrt(k)); ; radius *= 2) {
    const cand: { d: number; r: number; c: number }[] = [];
    for (let r = Math.max(0, r0 - radius); r <= Math.min(rows - 1, r0 + radius); r++) {
      for (let c = Math.max(0, c0 - radius); c <= Math.min(cols - 1, c0 + radius); c++) cand.push({ d: (r - r0) ** 2 + (c - c0) ** 2, r, c });
    }
    const whole = radius >= Math.max(rows, cols);
    if (cand.length < k && !whole) continue;
    cand.sort((a, b) => a.d - b.d || a.r - b.r || a.c - b.c);
    if (whole || cand[k - 1].d <= radius * radius) return Int32Array.from(cand.slice(0, k), p => p.r * cols + p.c).sort();
  }
}

/** `shape` is the input's [rows, cols] (rows·cols = nIn), or undefined for an input without geometry (the 1-D band). */
export function generateLocal(nIn: number, nOut: number, density: number, shape?: readonly [number, number]): Csr {
  if (!shape) return generateCirculant(nIn, nOut, density, 'band');
  const [rows, cols] = shape;
  if (rows * cols !== nIn) throw new Error(`topology: local's input shape ${rows}×${cols} has ${rows * cols} pixels, the layer ${nIn} inputs`);
  const k = fanInFor(density, nIn);
  const rowPtr = new Int32Array(nOut + 1), colIdx = new Int32Array(k * nOut);
  for (let j = 0; j < nOut; j++) {
    const centre = Math.floor(((j + 0.5) * nIn) / nOut);
    colIdx.set(nearestPixels(rows, cols, Math.floor(centre / cols), centre % cols, k), j * k);
    rowPtr[j + 1] = (j + 1) * k;
  }
  return { nIn, nOut, rowPtr, colIdx };
}
