// A convolution is a sparse, weight-tied bipartite graph: output unit (o, y, x) reads the k×k window of every input map
// its channel table allows, and every edge of the pair (o, c) at kernel offset (ky, kx) shares one weight. This file
// turns a convolution's geometry into that graph (CSR, the project's one sparse structure) plus the map from each edge
// to its shared weight, so the project's sparse layers and engine train a CNN with nothing convolution-specific in them.
// Units are numbered channel-major, as an NCHW tensor is laid out: unit (c, y, x) = (c·height + y)·width + x.
import { nnz, type Csr } from './csr';
import { generateDense } from './generators/dense';

export interface ConvGeometry {
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  /** Square kernel side. */
  kernel: number;
  /** Default 1. */
  stride?: number;
  /** Zeros added on every side (default 0: a 'valid' convolution). */
  padding?: number;
}

/** A graph whose edges share weights: weight of edge k = params[tie[k]]; bias of output j = biasParams[biasTie[j]]. */
export interface TiedGraph {
  csr: Csr;
  tie: Int32Array;
  params: number;
  biasTie: Int32Array;
  biasParams: number;
}

export interface ConvGraph extends TiedGraph {
  outHeight: number;
  outWidth: number;
  /** Per shared weight, the inputs an interior unit of its output map reads (maps read × kernel²): He init's fan-in. */
  paramFanIn: Int32Array;
}

function checkGeometry(g: ConvGeometry): { stride: number; padding: number; outHeight: number; outWidth: number } {
  const stride = g.stride ?? 1, padding = g.padding ?? 0;
  for (const [name, v, min] of [['inChannels', g.inChannels, 1], ['height', g.height, 1], ['width', g.width, 1],
    ['outChannels', g.outChannels, 1], ['kernel', g.kernel, 1], ['stride', stride, 1], ['padding', padding, 0]] as const) {
    if (!Number.isInteger(v) || v < min || v > 1 << 16) throw new Error(`convolution: ${name} must be an integer in [${min}, 65536], got ${v}`);
  }
  const outHeight = Math.floor((g.height + 2 * padding - g.kernel) / stride) + 1;
  const outWidth = Math.floor((g.width + 2 * padding - g.kernel) / stride) + 1;
  if (outHeight < 1 || outWidth < 1) throw new Error(`convolution: a ${g.kernel}×${g.kernel} kernel does not fit ${g.height}×${g.width} with padding ${padding}`);
  return { stride, padding, outHeight, outWidth };
}

/**
 * The graph of a convolution. `table` (outChannels rows × inChannels columns; default complete) says which input maps
 * each output map reads; its edge e = (o, c) owns the kernel weights e·k² .. e·k² + k² − 1, row-major over (ky, kx),
 * so the layer has exactly nnz(table)·k² weights and outChannels biases (one per map).
 */
export function convGraph(g: ConvGeometry, table?: Csr): ConvGraph {
  const { stride, padding, outHeight, outWidth } = checkGeometry(g);
  const t = table ?? generateDense(g.inChannels, g.outChannels);
  if (t.nIn !== g.inChannels || t.nOut !== g.outChannels) {
    throw new Error(`convolution: a ${t.nOut}×${t.nIn} channel table for ${g.outChannels} output and ${g.inChannels} input maps`);
  }
  const k = g.kernel, k2 = k * k, plane = outHeight * outWidth, inPlane = g.height * g.width;
  const nOut = g.outChannels * plane, nIn = g.inChannels * inPlane;
  // Units and an upper bound on edges (every window whole), checked before allocating: huge maps are refused here.
  const bound = nnz(t) * plane * k2;
  if (Math.max(bound, nIn, nOut) > 2 ** 31 - 2) throw new Error(`convolution: ${nIn} inputs, ${nOut} outputs and up to ${bound} edges do not fit int32 indices`);
  const rowPtr = new Int32Array(nOut + 1);
  const colIdx = new Int32Array(bound), tie = new Int32Array(bound);
  let e = 0;
  for (let o = 0; o < g.outChannels; o++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        // Maps ascending, then rows, then columns: the input indices come out sorted, as CSR requires.
        for (let p = t.rowPtr[o]; p < t.rowPtr[o + 1]; p++) {
          const c = t.colIdx[p];
          for (let ky = 0; ky < k; ky++) {
            const iy = y * stride + ky - padding;
            if (iy < 0 || iy >= g.height) continue;
            for (let kx = 0; kx < k; kx++) {
              const ix = x * stride + kx - padding;
              if (ix < 0 || ix >= g.width) continue;
              colIdx[e] = c * inPlane + iy * g.width + ix;
              tie[e++] = p * k2 + ky * k + kx;
            }
          }
        }
        rowPtr[o * plane + y * outWidth + x + 1] = e;
      }
    }
  }
  const biasTie = new Int32Array(nOut);
  for (let o = 0; o < g.outChannels; o++) biasTie.fill(o, o * plane, (o + 1) * plane);
  const paramFanIn = new Int32Array(nnz(t) * k2);
  for (let o = 0; o < g.outChannels; o++) paramFanIn.fill((t.rowPtr[o + 1] - t.rowPtr[o]) * k2, t.rowPtr[o] * k2, t.rowPtr[o + 1] * k2);
  return {
    csr: { nIn, nOut, rowPtr, colIdx: colIdx.slice(0, e) }, tie: tie.slice(0, e), params: nnz(t) * k2,
    biasTie, biasParams: g.outChannels, outHeight, outWidth, paramFanIn,
  };
}

export interface PoolGraph {
  csr: Csr;
  /** 1/size² on every edge: the window's mean. */
  values: Float32Array;
  outHeight: number;
  outWidth: number;
}

/** Average pooling over non-overlapping size×size windows of each map (LeNet-5's subsampling without its trained gain). */
export function averagePoolGraph(channels: number, height: number, width: number, size: number): PoolGraph {
  const { outHeight, outWidth } = checkGeometry({ inChannels: channels, height, width, outChannels: channels, kernel: size, stride: size });
  const plane = outHeight * outWidth, s2 = size * size;
  const nOut = channels * plane;
  const rowPtr = new Int32Array(nOut + 1), colIdx = new Int32Array(nOut * s2);
  let e = 0;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        for (let dy = 0; dy < size; dy++) {
          for (let dx = 0; dx < size; dx++) colIdx[e++] = (c * height + y * size + dy) * width + x * size + dx;
        }
        rowPtr[c * plane + y * outWidth + x + 1] = e;
      }
    }
  }
  return { csr: { nIn: channels * height * width, nOut, rowPtr, colIdx }, values: new Float32Array(e).fill(1 / s2), outHeight, outWidth };
}

/** Per-edge weights of a tied graph from its shared ones (what a sparse layer holding it multiplies by). */
export function untie(tie: Int32Array, params: Float32Array): Float32Array {
  return Float32Array.from(tie, p => params[p]);
}
