// `npm run demo` in headless Chromium: MNIST test digits painted onto the page's canvas, and a stroke drawn with the
// mouse, go canvas → preprocessing → the browser module, and the page predicts what the Node predictor predicts for
// the exact 28×28 input the page fed; the page shows the model's and the module's bytes and a time per prediction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { requireDebianPackages, debianNeeds } from '../../lib/base/debian';
import { loadDataset } from '../../lib/data/datasets';
import { encodeModel } from '../../lib/infer/format';
import { SparsePredictor } from '../../lib/infer/predictor';
import { chromiumArgs, chromiumPath } from '../../lib/plot/export';
import { generate } from '../../lib/topology/registry';
import { runCli, startCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const committedModel = path.join(__dirname, '..', '..', 'data', 'models', 'mnist-random-10.spff');
const DIGITS = 5;

interface Prediction { label: number; input: number[]; logits: number[]; usPerPrediction: number }
type Demo = { ready: Promise<true>; drawImage(p: number[]): Promise<Prediction>; latest(): Prediction | null };
const demo = (page: Page) => ({
  ready: () => page.evaluate(() => (window as unknown as { demo: Demo }).demo.ready),
  drawImage: (pixels: number[]) => page.evaluate(p => (window as unknown as { demo: Demo }).demo.drawImage(p), pixels),
  latest: () => page.evaluate(() => (window as unknown as { demo: Demo }).demo.latest()),
});

/** Started like `npm run demo -- --port 0 --json`: resolves with its --json line once it listens. */
async function startDemo(): Promise<{ child: ReturnType<typeof startCli>; summary: { url: string; modelBytes: number; moduleBytes: number } }> {
  const child = startCli('demo', ['--port', '0', '--json']);
  let stdout = '', stderr = '';
  child.stderr!.on('data', chunk => { stderr += chunk; });
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    child.on('exit', status => reject(new Error(`demo exited with ${status} before listening: ${stderr}`)));
  });
  return { child, summary: JSON.parse(await line) };
}

test('the demo page predicts painted MNIST digits and a mouse stroke as the Node predictor does', { timeout: 120_000 }, async t => {
  requireDebianPackages(debianNeeds.figureExport, 'the demo test');
  const { child, summary } = await startDemo();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    assert.equal(summary.modelBytes, fs.statSync(committedModel).size);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', err => errors.push(err.message));
    await page.goto(summary.url);
    assert.equal(await demo(page).ready(), true);
    assert.equal(await page.textContent('#error'), '');
    assert.match((await page.textContent('#model-bytes'))!, new RegExp(`^${summary.modelBytes.toLocaleString('en')} bytes .*784-300-100-10`));
    assert.match((await page.textContent('#module-bytes'))!, new RegExp(`^${summary.moduleBytes.toLocaleString('en')} bytes`));

    const predictor = SparsePredictor.fromFile(committedModel);
    const expectSame = (r: Prediction, what: string) => {
      assert.equal(r.input.length, 784, what);
      assert.ok(r.input.reduce((a, b) => a + b, 0) > 10, `${what}: the input has ink`);
      const node = predictor.predict(Float32Array.from(r.input), 1);
      assert.equal(r.label, node.labels[0], what);
      r.logits.forEach((v, c) => assert.ok(Math.abs(v - node.logits[c]) < 1e-4, `${what}: logit ${c} ${v} vs ${node.logits[c]}`));
    };
    const mnist = loadDataset('mnist').test;
    let correct = 0;
    for (let i = 0; i < DIGITS; i++) {
      const r = await demo(page).drawImage(Array.from(mnist.images.subarray(i * 784, (i + 1) * 784)));
      expectSame(r, `test digit ${i}`);
      assert.equal(await page.textContent('#digit'), String(r.label));
      assert.ok(r.usPerPrediction > 0 && r.usPerPrediction < 50_000, `${r.usPerPrediction} µs`);
      assert.match((await page.textContent('#latency'))!, /^\d+\.\d µs \(mean of 100\)$/);
      correct += r.label === mnist.labels[i] ? 1 : 0;
      t.diagnostic(`test digit ${i} (label ${mnist.labels[i]}): page predicts ${r.label}, ${r.usPerPrediction.toFixed(1)} µs per prediction`);
    }
    assert.ok(correct >= DIGITS - 1, `${correct} of ${DIGITS} painted test digits recognised`);

    // A "1" drawn with real pointer events on a cleared pad: the stroke's end predicts, from the canvas alone.
    await page.click('#clear');
    const box = (await page.locator('#pad').boundingBox())!;
    await page.mouse.move(box.x + 150, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 135, box.y + 240, { steps: 12 });
    await page.mouse.up();
    const stroke = (await demo(page).latest())!;
    expectSame(stroke, 'mouse stroke');
    assert.equal(await page.textContent('#digit'), String(stroke.label));
    t.diagnostic(`mouse-drawn stroke: page predicts ${stroke.label}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  const [status] = await once(child, 'exit');
  assert.equal(status, 0);
});

test('demo: bad input exits 2 with one line before serving', { timeout: 60_000 }, async () => {
  const dir = scratchDir('demo-cli-');
  const spec = { kind: 'random' as const, density: 0.1, seed: 1 };
  const csr = generate(spec, 784, 10);
  const specModel = path.join(dir, 'spec.spff');
  fs.writeFileSync(specModel, encodeModel({ layers: [{ csr, spec, values: new Float32Array(csr.rowPtr[10]), bias: null, activation: 'linear' }] }).bytes);
  const taken = createServer();
  await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  for (const [args, pattern] of [
    [['--port', String(port)], new RegExp(`^demo: --port ${port}: the port is in use \\(0 picks a free one\\)$`)],
    [['--model', path.join(dir, 'absent.spff')], /^demo: --model .*absent\.spff: missing$/],
    [['--model', specModel], /^demo: .*spec\.spff: layer 0: the graph is stored as a topology spec, .*export the model with --graph csr$/],
    [['--port', '70000'], /^demo: --port must be <= 65535/],
  ] as [string[], RegExp][]) {
    const r = await runCli('demo', args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), pattern);
    assert.equal(r.stdout, '');
  }
  taken.close();
});
