// Issue #13, items 3, 5 and 12: a tampered model.json is refused with one line naming it, before tfjs builds a layer:
// declared sizes the weight bytes do not hold, weight paths leading out of the folder, non-integer indices, unknown
// layer classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { sparseDense } from '../../lib/layers/sparse-dense';
import { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from '../../lib/layers/file-io';
import { csrFromConfig } from '../../lib/layers/topology-config';
import type { LayerMode } from '../../lib/train/config';
import { runCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const root = scratchDir('model-json-');
test.after(() => fs.rmSync(root, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A saved 6 → 5 → 3 model (layer 0 explicit CSR with 15 edges, layer 1 regular) in a fresh folder. */
async function saved(mode: LayerMode = 'sparse'): Promise<string> {
  await tf.setBackend('cpu');
  const dir = fs.mkdtempSync(path.join(root, `${mode}-`));
  const model = tf.sequential({ layers: [
    sparseDense({ units: 5, inputShape: [6], activation: 'relu', mode, topology: { kind: 'random', density: 0.5, seed: 1 } }),
    sparseDense({ units: 3, mode, topology: { kind: 'regular', density: 0.5, seed: 2 } }),
  ] });
  await model.save(fileSystemHandler(dir));
  model.dispose();
  return dir;
}

function tamper(dir: string, edit: (json: Json) => void): string {
  const file = path.join(dir, MODEL_JSON);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

async function refused(dir: string, message: string): Promise<void> {
  await assert.rejects(tf.loadLayersModel(fileSystemHandler(dir)), { name: 'ModelFileError', message: `${path.join(dir, MODEL_JSON)}: ${message}` });
}

const layer0 = (j: Json) => j.modelTopology.config.layers[0].config;
const weights = (j: Json) => j.modelTopology && j.weightsManifest[0].weights as { name: string; shape: number[] }[];

test('a layer declared 46341 → 46340 dense is refused against the weight bytes, before any graph is built', async () => {
  const dir = await saved();
  tamper(dir, j => {
    Object.assign(layer0(j), { units: 46340, batch_input_shape: [null, 46341], topology: { kind: 'dense', density: 1, seed: 1 } });
    j.modelTopology.config.layers.pop();
    j.weightsManifest[0].weights.splice(2);
  });
  const name = layer0(JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8'))).name;
  await refused(dir, `weight ${name}/values has shape [15] but its layer needs [2147441940]`);
  tamper(dir, j => { weights(j)[0].shape = [2147441940]; weights(j)[1].shape = [46340]; });
  await refused(dir, 'the weights need 8.0 GiB, more than the 1.0 GiB a model may have');
  tamper(dir, j => { Object.assign(layer0(j), { units: 500, batch_input_shape: [null, 400] }); weights(j)[0].shape = [200000]; weights(j)[1].shape = [500]; });
  await refused(dir, `the weights need 802000 bytes but ${WEIGHTS_BIN} holds 128`);
});

test('masked mode: the dense kernel declared by units and inputs must be what the weights hold', async () => {
  const dir = await saved('masked');
  tamper(dir, j => {
    Object.assign(layer0(j), { units: 46340, topology: { kind: 'dense', density: 1, seed: 1 } });
    j.modelTopology.config.layers.pop();
    j.weightsManifest[0].weights.splice(2);
  });
  const name = layer0(JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8'))).name;
  await refused(dir, `weight ${name}/kernel has shape [6,5] but its layer needs [6,46340]`);
  tamper(dir, j => { layer0(j).topology = { n_in: 6, n_out: 7, row_ptr: [], col_idx: [] }; });
  await refused(dir, 'layer 0: topology is 6→7 but the layer is 6→46340');
});

test('weight paths must stay inside the model folder', async () => {
  const dir = await saved();
  fs.symlinkSync('/etc/passwd', path.join(dir, 'linked.bin'));
  for (const [p, message] of [
    ['../../../../etc/passwd', `weightsManifest[0].paths[0] '../../../../etc/passwd' leads outside ${dir}`],
    ['/etc/passwd', `weightsManifest[0].paths[0] '/etc/passwd' is an absolute path; it must name a file inside ${dir}`],
    ['linked.bin', `weightsManifest[0].paths[0] 'linked.bin' is a link to /etc/passwd, outside ${dir}`],
    ['missing.bin', `${path.join(dir, 'missing.bin')}: missing`],
  ]) {
    tamper(dir, j => { j.weightsManifest[0].paths = [p]; });
    await refused(dir, message);
  }
});

test('non-integer indices, unknown layers and unreadable files: one line each', async () => {
  const dir = await saved();
  const original = fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8');
  const cases: [(j: Json) => void, string][] = [
    [j => { layer0(j).topology.col_idx[3] = 'abc'; }, 'layer 0: topology.col_idx[3] is "abc", not an integer'],
    [j => { layer0(j).topology.row_ptr = [0, 1]; }, 'layer 0: topology.row_ptr must be an array of 6 integers'],
    [j => { j.modelTopology.config.layers[1].class_name = 'Lambda'; }, 'layer 1 is a "Lambda"; supported: SparseDense layers in a Sequential model (an InputLayer may come first)'],
    [j => { j.modelTopology.class_name = 'Model'; }, 'the model is a "Model"; supported: SparseDense layers in a Sequential model (an InputLayer may come first)'],
    [j => { weights(j)[0].dtype = 'int32'; }, `weightsManifest[0].weights[0] (${weights(JSON.parse(original))[0].name}): dtype must be float32 (got "int32")`],
    [j => { weights(j).push({ name: 'extra', shape: [1] }); j.weightsManifest[0].weights.at(-1).dtype = 'float32'; }, 'weightsManifest lists extra, which no layer has'],
  ];
  for (const [edit, message] of cases) {
    fs.writeFileSync(path.join(dir, MODEL_JSON), original);
    tamper(dir, edit);
    await refused(dir, message);
  }
  fs.writeFileSync(path.join(dir, MODEL_JSON), '{"modelTopology":');
  await refused(dir, "not valid JSON (Unexpected end of JSON input)");
  fs.rmSync(path.join(dir, MODEL_JSON));
  fs.mkdirSync(path.join(dir, MODEL_JSON));
  await assert.rejects(tf.loadLayersModel(fileSystemHandler(dir)), { message: `${path.join(dir, MODEL_JSON)}: is a directory, not a regular file` });
});

test('an explicit CSR config refuses entries that are not int32 integers', () => {
  assert.throws(() => csrFromConfig({ nIn: 3, nOut: 1, rowPtr: [0, 2], colIdx: ['abc', 1] as unknown as number[] }),
    { message: 'SparseDense: topology colIdx[0] is "abc", not an integer in 0..2^31-1' });
  assert.throws(() => csrFromConfig({ nIn: 3, nOut: 1, rowPtr: [0, 2], colIdx: [2 ** 32, 1] }),
    { message: 'SparseDense: topology colIdx[0] is 4294967296, not an integer in 0..2^31-1' });
});

test('npm run export of a tampered model: exit 1, one line, no output file', { timeout: 60_000 }, async () => {
  const dir = await saved();
  tamper(dir, j => { j.weightsManifest[0].paths = ['../../../../etc/passwd']; });
  const out = path.join(root, 'x.spff');
  const r = await runCli('export', ['--model', dir, '--out', out]);
  assert.equal(r.stderr, `export: ${path.join(dir, MODEL_JSON)}: weightsManifest[0].paths[0] '../../../../etc/passwd' leads outside ${dir}\n`);
  assert.equal(r.status, 1);
  assert.equal(fs.existsSync(out), false);
});

test('npm run export of a model.json that is a symlink loop says so, not "missing"', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(root, 'loop-'));
  fs.symlinkSync(path.join(dir, MODEL_JSON), path.join(dir, MODEL_JSON));
  const r = await runCli('export', ['--model', dir, '--out', path.join(root, 'loop.spff')]);
  assert.equal(r.stderr, `export: ${path.join(dir, MODEL_JSON)}: a symlink loop (too many levels of symbolic links)\n`);
  assert.equal(r.status, 1);
});
