// `npm run compact -- --model DENSE --density D --out FILE`: a dense MLP trained elsewhere (a tfjs Layers directory or
// an ONNX file) → pruned by magnitude to D → optionally fine-tuned on the dataset → one compact .spff (or ONNX) file,
// with the test accuracy before pruning, after it, and after fine-tuning.
import { checkInput, runCli, printJson, UsageError } from './args';
import { checkOutputFile } from '../base/output-path';
import { writeFileAtomic } from '../base/write-file-atomic';
import { DATASET_NAMES, loadDataset, type DatasetName } from '../data/datasets';
import { nnz } from '../topology/csr';
import { fineTune, pruneModel, readDenseModel } from '../infer/compact';
import { exportSparseModel } from '../infer/export';
import { denseFloat32Bytes, modelSizes, VALUE_TYPES, type SparseModel, type ValueType } from '../infer/model';
import { SparsePredictor } from '../infer/predictor';
import { onnxModel } from '../infer/onnx/to-onnx';

runCli({
  usage: 'npm run compact --',
  summary: 'Import a trained dense MLP (a tfjs Layers model directory, or an ONNX file of Gemm/MatMul + ReLU layers), '
    + 'prune it to a density by weight magnitude, optionally fine-tune the pruned graphs, and export it compact.',
  flags: {
    model: { type: 'string', help: 'dense model: a folder with model.json (tfjs Layers: Dense layers) or a .onnx file' },
    density: { type: 'number', min: 0, exclusiveMin: true, max: 1, help: 'fraction of each pruned layer\'s connections to keep' },
    scope: { type: 'string', default: 'layer', choices: ['layer', 'global'], help: 'every layer to the density, or one magnitude threshold over all pruned layers' },
    'prune-output': { type: 'boolean', help: 'prune the output layer too (default: kept dense, as the paper does)' },
    'fine-tune-epochs': { type: 'int', default: 0, min: 0, max: 1000, help: 'epochs of the paper\'s recipe on the pruned graphs (0: none)' },
    'learning-rate': { type: 'number', min: 0, exclusiveMin: true, help: 'fine-tuning learning rate (default: the recipe\'s)' },
    seed: { type: 'int', default: 1, min: 0, help: 'fine-tuning seed (batch order)' },
    dataset: { type: 'string', default: 'mnist', choices: DATASET_NAMES, help: 'test set to measure on (and to fine-tune on)' },
    out: { type: 'string', help: 'file to write (.spff, or .onnx with --format onnx)' },
    format: { type: 'string', default: 'spff', choices: ['spff', 'onnx'], help: 'output format (ONNX: sparse initializers, the small file; ONNX Runtime densifies them on load)' },
    values: { type: 'string', default: 'float32', choices: VALUE_TYPES, help: '.spff: how edge weights are stored' },
    overwrite: { type: 'boolean', help: 'allow replacing an existing --out file' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'Example: npm run compact -- --model my-dense-mlp.onnx --density 0.1 --fine-tune-epochs 3 --out mlp-10.spff',
}, async flags => {
  if (!flags.model) throw new UsageError('--model PATH is required');
  if (flags.density === undefined) throw new UsageError('--density D is required');
  if (!flags.out) throw new UsageError('--out FILE is required');
  if (flags.format === 'onnx' && flags.values !== 'float32') throw new UsageError('--values is a .spff option; ONNX stores float32 weights');
  if (flags['learning-rate'] !== undefined && flags['fine-tune-epochs'] === 0) throw new UsageError('--learning-rate needs --fine-tune-epochs N');
  checkInput(() => checkOutputFile('--out', flags.out!, { existing: flags.overwrite ? 'replace' : 'refuse', overwriteFlag: '--overwrite' }));
  const { model: dense, format } = checkInput(() => readDenseModel(flags.model!));
  const sizes = modelSizes(dense);
  const dataset = flags.dataset as DatasetName;
  const data = loadDataset(dataset), test = data.test;
  if (sizes[0] !== test.features || sizes[sizes.length - 1] !== data.numClasses) {
    throw new UsageError(`${flags.model} is ${sizes.join('-')}, but ${dataset} has ${test.features} inputs and ${data.numClasses} classes`);
  }
  const log = flags.json ? () => {} : (line: string) => console.log(line);
  const accuracy = (m: SparseModel) => {
    const labels = new SparsePredictor(m).classify(test.images, test.count);
    return labels.reduce((n, l, i) => n + (l === test.labels[i] ? 1 : 0), 0) / test.count;
  };
  const connections = (m: SparseModel) => m.layers.reduce((s, l) => s + nnz(l.csr), 0);
  const stages: { stage: string; connections: number; accuracy: number }[] = [];
  const report = (stage: string, m: SparseModel) => {
    stages.push({ stage, connections: connections(m), accuracy: accuracy(m) });
    const s = stages[stages.length - 1];
    log(`${stage.padEnd(11)} ${String(s.connections).padStart(9)} connections  ${dataset} test accuracy ${(100 * s.accuracy).toFixed(2)}%`);
  };
  log(`${flags.model}: ${format} ${sizes.join('-')}, activations ${dense.layers.map(l => l.activation).join(', ')}`);
  report('dense', dense);
  let model = pruneModel(dense, { density: flags.density, scope: flags.scope as 'layer' | 'global', pruneOutput: flags['prune-output'] });
  report('pruned', model);
  if (flags['fine-tune-epochs'] > 0) {
    model = (await fineTune(model, { dataset, epochs: flags['fine-tune-epochs'], learningRate: flags['learning-rate'], seed: flags.seed })).model;
    report('fine-tuned', model);
  }
  const bytes = flags.format === 'onnx' ? onnxModel(model, { initializers: 'sparse' }) : exportSparseModel(model, { values: flags.values as ValueType }).bytes;
  writeFileAtomic(flags.out, bytes);
  const denseBytes = denseFloat32Bytes(sizes);
  log(`wrote ${flags.out}: ${bytes.length} bytes = ${(100 * bytes.length / denseBytes).toFixed(2)}% of the dense model's float32 weights (${denseBytes} bytes)`);
  if (flags.json) {
    printJson({ model: flags.model, from: format, sizes, density: flags.density, scope: flags.scope, dataset, stages,
      out: flags.out, format: flags.format, bytes: bytes.length, denseBytes, ratio: bytes.length / denseBytes });
  }
});
