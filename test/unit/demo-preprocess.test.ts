// The demo's drawing → 28×28 preprocessing (lib/demo/page/preprocess.ts): MNIST's own recipe, so an MNIST digit
// painted at 10× (as the page's test hook paints it) comes back as itself, up to a whole-pixel shift and 8-bit grey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../lib/data/datasets';
import { inkBox, intensities, toMnistInput } from '../../lib/demo/page/preprocess';

const PAD = 280, CELL = 10;

/** A 28×28 image painted as 10×10 grey squares on a 280×280 RGBA canvas, as drawImage does in the page. */
function paint(img: ArrayLike<number>): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(PAD * PAD * 4);
  for (let y = 0; y < PAD; y++) {
    for (let x = 0; x < PAD; x++) {
      const g = Math.round(255 * img[Math.floor(y / CELL) * 28 + Math.floor(x / CELL)]);
      rgba.set([g, g, g, 255], 4 * (y * PAD + x));
    }
  }
  return rgba;
}

function centreOfMass(img: Float32Array, side: number): [number, number] {
  let m = 0, mx = 0, my = 0;
  img.forEach((v, i) => { m += v; mx += v * ((i % side) + 0.5); my += v * (Math.floor(i / side) + 0.5); });
  return [mx / m, my / m];
}

test('an MNIST digit painted at 10x comes back as itself, shifted by at most one pixel', () => {
  const mnist = loadDataset('mnist').test;
  let checked = 0;
  for (let i = 0; checked < 40 && i < mnist.count; i++) {
    const original = mnist.images.subarray(i * 784, (i + 1) * 784);
    const box = inkBox(original, 28, 28)!;
    if (Math.max(box.x1 - box.x0, box.y1 - box.y0) !== 20) continue; // MNIST's box; a few digits have a fainter edge
    const fed = toMnistInput(intensities(paint(original), PAD, PAD), PAD, PAD);
    let best = Infinity;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        let worst = 0;
        for (let y = 0; y < 28; y++) {
          for (let x = 0; x < 28; x++) {
            const sx = x - dx, sy = y - dy;
            const v = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? original[sy * 28 + sx] : 0;
            worst = Math.max(worst, Math.abs(fed[y * 28 + x] - v));
          }
        }
        best = Math.min(best, worst);
      }
    }
    assert.ok(best <= 0.5 / 255 + 1e-6, `test image ${i}: max |Δ| ${best} at the best shift`);
    checked++;
  }
  assert.equal(checked, 40);
});

test('any drawing: its longer side becomes 20 pixels, aspect kept, centre of mass at the centre', () => {
  const img = new Float32Array(PAD * PAD);
  for (let y = 30; y < 80; y++) for (let x = 150; x < 250; x++) img[y * PAD + x] = 1; // a 100×50 bar, off centre
  const fed = toMnistInput(img, PAD, PAD);
  assert.deepEqual(inkBox(fed, 28, 28), { x0: 4, x1: 24, y0: 9, y1: 19 });
  assert.ok(fed.every(v => v === 0 || v === 1), 'whole cells of ink average to exactly 1');
  const [cx, cy] = centreOfMass(fed, 28);
  assert.ok(Math.abs(cx - 14) <= 0.5 && Math.abs(cy - 14) <= 0.5, `centre of mass (${cx}, ${cy})`);
});

test('area averaging: a 3-pixel-wide stroke scaled by 20/280 keeps its ink, in greys', () => {
  const img = new Float32Array(PAD * PAD);
  for (let y = 0; y < PAD; y++) for (let x = 100; x < 103; x++) img[y * PAD + x] = 1;
  for (let x = 0; x < PAD; x++) img[x] = 1; // a full-width top row, so the box is the whole pad
  const fed = toMnistInput(img, PAD, PAD);
  const ink = (a: Float32Array, scale: number) => a.reduce((s, v) => s + v, 0) * scale;
  assert.ok(Math.abs(ink(fed, 1) - ink(img, (20 / PAD) ** 2)) < 1e-3, 'total ink scales with the area');
  assert.ok(fed.some(v => v > 0 && v < 1), 'partial cells are grey');
});

test('a blank pad gives an all-zero input', () => {
  assert.ok(toMnistInput(new Float32Array(PAD * PAD), PAD, PAD).every(v => v === 0));
});
