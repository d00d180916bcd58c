/// <reference lib="dom" />
// The demo page's script (bundled by lib/demo/server.ts): draw on the 280×280 pad, and at every stroke's end the
// drawing goes canvas pixels → preprocess.ts → the predictor's browser module, which the page imports by URL as the
// separate file it is (so the bytes shown are the module's own). `window.demo` lets a test draw an image through
// the very same path (test/e2e/demo.test.ts).
import { formatBytes } from '../../base/format-bytes';
import type { BrowserModel } from '../../infer/browser/sparse-predictor';
import { intensities, SIDE, toMnistInput } from './preprocess';

type PredictorModule = typeof import('../../infer/browser/sparse-predictor');

/** Predictions timed per stroke: the mean over this many runs of the same input (performance.now() is coarse). */
const TIMED_RUNS = 100;
const STROKE_WIDTH = 22;

export interface Prediction {
  label: number;
  /** The 28×28 input the network was given (row-major, 0..1). */
  input: number[];
  logits: number[];
  /** Mean time of one prediction over TIMED_RUNS runs, microseconds. */
  usPerPrediction: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const pad = $<HTMLCanvasElement>('pad');
const ctx = pad.getContext('2d', { willReadFrequently: true })!;

function clearPad(): void {
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, pad.width, pad.height);
}

function softmax(y: Float32Array): Float32Array {
  const m = Math.max(...y);
  const e = y.map(v => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map(v => v / s);
}

function showScores(scores: Float32Array, label: number): void {
  const rows = Array.from(scores, (p, c) => {
    const best = c === label ? ' best' : '';
    return `<span>${c}</span><div class="bar${best}" style="width:${(200 * p).toFixed(1)}px"></div><span>${(100 * p).toFixed(1)}%</span>`;
  });
  $('bars').innerHTML = rows.join('');
}

function showInput(input: Float32Array): void {
  const view = $<HTMLCanvasElement>('input').getContext('2d')!;
  const image = view.createImageData(SIDE, SIDE);
  input.forEach((v, i) => {
    const g = Math.round(255 * v);
    image.data.set([g, g, g, 255], 4 * i);
  });
  view.putImageData(image, 0, 0);
}

/** The latest prediction, from a stroke or the hook: a test that draws with real pointer events reads it. */
let latest: Prediction | null = null;

function predictor(model: BrowserModel) {
  const outputIsSoftmax = model.activations[model.activations.length - 1] === 'softmax';
  return function predictCanvas(): Prediction {
    const { data } = ctx.getImageData(0, 0, pad.width, pad.height);
    const input = toMnistInput(intensities(data, pad.width, pad.height), pad.width, pad.height);
    const logits = model.logits(input, 1);
    const t0 = performance.now();
    for (let r = 0; r < TIMED_RUNS; r++) model.logits(input, 1);
    const usPerPrediction = (1000 * (performance.now() - t0)) / TIMED_RUNS;
    const label = model.classify(input, 1)[0];
    $('digit').textContent = String(label);
    $('latency').textContent = `${usPerPrediction.toFixed(1)} µs (mean of ${TIMED_RUNS})`;
    showScores(outputIsSoftmax ? logits : softmax(logits), label);
    showInput(input);
    return (latest = { label, input: Array.from(input), logits: Array.from(logits), usPerPrediction });
  };
}

/** Strokes by mouse, pen or touch (pointer events); a prediction when each stroke ends. */
function enableDrawing(onStrokeEnd: () => void): void {
  let last: { x: number; y: number } | null = null;
  const at = (e: PointerEvent) => {
    const r = pad.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * pad.width) / r.width, y: ((e.clientY - r.top) * pad.height) / r.height };
  };
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = STROKE_WIDTH;
  ctx.lineCap = ctx.lineJoin = 'round';
  pad.addEventListener('pointerdown', e => {
    pad.setPointerCapture(e.pointerId);
    last = at(e);
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.arc(last.x, last.y, STROKE_WIDTH / 2, 0, 2 * Math.PI);
    ctx.fill();
  });
  pad.addEventListener('pointermove', e => {
    if (!last) return;
    const p = at(e);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    if (!last) return;
    last = null;
    onStrokeEnd();
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
}

/** Paints a 28×28 image (0..1) as 10×10 grey squares, then predicts from the canvas like a stroke would. */
function drawImage(pixels: ArrayLike<number>, predictCanvas: () => Prediction): Prediction {
  if (pixels.length !== SIDE * SIDE) throw new Error(`drawImage: ${pixels.length} pixels, expected ${SIDE * SIDE}`);
  clearPad();
  const cell = pad.width / SIDE;
  for (let i = 0; i < pixels.length; i++) {
    const g = Math.round(255 * Math.min(1, Math.max(0, pixels[i])));
    if (g === 0) continue;
    ctx.fillStyle = `rgb(${g},${g},${g})`;
    ctx.fillRect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
  }
  return predictCanvas();
}

async function start(): Promise<{ drawImage(pixels: ArrayLike<number>): Prediction; predictCanvas(): Prediction }> {
  clearPad();
  const moduleUrl = new URL('sparse-predictor.js', document.baseURI).href;
  const [moduleBytes, modelBytes] = await Promise.all([fetchBytes(moduleUrl), fetchBytes(new URL('model.spff', document.baseURI).href)]);
  const { loadModel } = (await import(moduleUrl)) as PredictorModule;
  const model = loadModel(modelBytes, 'model.spff');
  const values = [...new Set(model.layers.map(l => l.valueType))].join('/');
  $('model-bytes').textContent = `${model.bytes.toLocaleString('en')} bytes (${formatBytes(model.bytes)}), ${model.sizes.join('-')}, ${values} values`;
  $('module-bytes').textContent = `${moduleBytes.byteLength.toLocaleString('en')} bytes (${formatBytes(moduleBytes.byteLength)}), minified`;
  const predictCanvas = predictor(model);
  for (let r = 0; r < 20; r++) model.logits(new Float32Array(model.sizes[0]), 1); // warm-up: the first timing is not the JIT's
  enableDrawing(predictCanvas);
  $('clear').addEventListener('click', () => { clearPad(); $('digit').textContent = '–'; });
  return { drawImage: pixels => drawImage(pixels, predictCanvas), predictCanvas };
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

const started = start();
started.catch(err => { $('error').textContent = `The predictor could not start: ${(err as Error).message}`; });
/** The test's hook: the same canvas → preprocessing → module path a stroke takes. */
(window as unknown as { demo: unknown }).demo = {
  ready: started.then(() => true),
  drawImage: async (pixels: ArrayLike<number>) => (await started).drawImage(pixels),
  predictCanvas: async () => (await started).predictCanvas(),
  latest: () => latest,
};
