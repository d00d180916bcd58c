// A drawing to a 28×28 input the way MNIST made its digits (LeCun et al.): the ink's bounding box is scaled, aspect
// ratio kept, so its longer side is 20 pixels (area averaging, which gives the grey edges MNIST's anti-aliasing gave),
// then placed in the 28×28 field with its centre of mass at the centre. Pure functions of pixel arrays (no DOM), so
// Node tests check them directly and the page (page.ts) runs exactly the same code.

export const SIDE = 28;
/** The longer side of the digit's box inside the field. */
export const BOX = 20;

/** Intensity in 0..1 of every pixel of an RGBA image (the red channel: the page draws grey on black). */
export function intensities(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i] / 255;
  return out;
}

/** [first, end) of the rows and columns holding any ink, or null for a blank image. */
export function inkBox(img: Float32Array, width: number, height: number): { x0: number; x1: number; y0: number; y1: number } | null {
  let x0 = width, x1 = 0, y0 = height, y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (img[y * width + x] <= 0) continue;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      y1 = y + 1;
    }
  }
  return x1 > x0 ? { x0, x1, y0, y1 } : null;
}

/**
 * Area-averaging weights from source cells [start, start+len) to `out` cells: output cell i covers the source span
 * [start + i·len/out, start + (i+1)·len/out) and takes each source cell in proportion to its overlap (weights sum to 1).
 */
function areaWeights(start: number, len: number, out: number): { index: number; weight: number }[][] {
  const step = len / out;
  return Array.from({ length: out }, (_, i) => {
    const a = i * step, b = (i + 1) * step;
    const cells: { index: number; weight: number }[] = [];
    for (let s = Math.floor(a); s < Math.ceil(b); s++) {
      const overlap = Math.min(b, s + 1) - Math.max(a, s);
      if (overlap > 0) cells.push({ index: start + s, weight: overlap / step });
    }
    return cells;
  });
}

/** The box's pixels averaged onto an outW×outH grid (separable: a product of the two 1-D overlaps is the 2-D one). */
function resampleBox(img: Float32Array, width: number, box: { x0: number; x1: number; y0: number; y1: number }, outW: number, outH: number): Float32Array {
  const wx = areaWeights(box.x0, box.x1 - box.x0, outW), wy = areaWeights(box.y0, box.y1 - box.y0, outH);
  const rows = new Float32Array((box.y1 - box.y0) * outW);
  for (let y = box.y0; y < box.y1; y++) {
    for (let i = 0; i < outW; i++) {
      let acc = 0;
      for (const { index, weight } of wx[i]) acc += weight * img[y * width + index];
      rows[(y - box.y0) * outW + i] = acc;
    }
  }
  const out = new Float32Array(outW * outH);
  for (let j = 0; j < outH; j++) {
    for (let i = 0; i < outW; i++) {
      let acc = 0;
      for (const { index, weight } of wy[j]) acc += weight * rows[(index - box.y0) * outW + i];
      out[j * outW + i] = Math.min(1, acc);
    }
  }
  return out;
}

/** Centre of mass (x, y) of a w×h image, pixel i spanning [i, i+1). */
function centreOfMass(img: Float32Array, w: number, h: number): [number, number] {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = img[y * w + x];
      m += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [w / 2, h / 2];
}

/** The 28×28 network input (row-major, 0..1) for an intensity image; all zeros when nothing is drawn. */
export function toMnistInput(img: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  const box = inkBox(img, width, height);
  if (!box) return out;
  const bw = box.x1 - box.x0, bh = box.y1 - box.y0;
  const scale = BOX / Math.max(bw, bh);
  const w = Math.max(1, Math.min(BOX, Math.round(bw * scale))), h = Math.max(1, Math.min(BOX, Math.round(bh * scale)));
  const digit = resampleBox(img, width, box, w, h);
  // Whole-pixel shift, as MNIST's: the centre of mass lands within half a pixel of (14, 14), the digit stays inside.
  const [cx, cy] = centreOfMass(digit, w, h);
  const ox = Math.max(0, Math.min(SIDE - w, Math.round(SIDE / 2 - cx)));
  const oy = Math.max(0, Math.min(SIDE - h, Math.round(SIDE / 2 - cy)));
  for (let y = 0; y < h; y++) out.set(digit.subarray(y * w, (y + 1) * w), (oy + y) * SIDE + ox);
  return out;
}
