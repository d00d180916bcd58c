// `npm run export -- --model DIR --out FILE [--format spff|onnx]`: a saved tfjs model of SparseDense layers → one
// compact .spff file for `npm run predict` (and the browser module), or a standard ONNX model for ONNX Runtime.
import * as path from 'node:path';
import { checkInput, runCli, printJson, UsageError } from './args';
import { checkOutputFile } from '../base/output-path';
import { writeFileAtomic } from '../base/write-file-atomic';
import { pathExists } from '../base/read-file';
import { MODEL_JSON } from '../layers/file-io';
import { exportSparseModel, loadSparseModel } from '../infer/export';
import { denseFloat32Bytes, modelSizes, VALUE_TYPES, type ValueType } from '../infer/model';
import { ONNX_INITIALIZERS, onnxModel, type OnnxInitializers } from '../infer/onnx/to-onnx';
import { OPSET } from '../infer/onnx/schema';

runCli({
  usage: 'npm run export --',
  summary: 'Export a saved sparse model (a `npm run train -- --save DIR` directory) to one compact .spff file for '
    + '`npm run predict`, or to ONNX (opset 13: Gemm + activations) for ONNX Runtime and other ONNX tools.',
  flags: {
    model: { type: 'string', help: 'saved tfjs model directory (model.json + weights.bin)' },
    out: { type: 'string', help: 'file to write, e.g. model.spff or model.onnx' },
    format: { type: 'string', default: 'spff', choices: ['spff', 'onnx'], help: 'file format' },
    values: { type: 'string', default: 'float32', choices: VALUE_TYPES, help: '.spff: how edge weights are stored (biases stay float32)' },
    graph: { type: 'string', default: 'auto', choices: ['auto', 'csr'], help: '.spff: store a graph by its topology spec when that regenerates it (auto), or always as indices (csr: readable without the generators, as the browser module needs)' },
    'onnx-initializers': { type: 'string', default: 'dense', choices: ONNX_INITIALIZERS, help: 'ONNX: weights as dense initializers with zeros (what ONNX Runtime computes with), or sparse initializers (a smaller file; ONNX Runtime densifies them on load)' },
    overwrite: { type: 'boolean', help: 'allow replacing an existing --out file' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'Examples:\n  npm run export -- --model runs/lenet10 --out lenet10.spff --values float16\n'
    + '  npm run export -- --model runs/lenet10 --format onnx --out lenet10.onnx',
}, async flags => {
  if (!flags.model) throw new UsageError('--model DIR is required');
  if (!flags.out) throw new UsageError('--out FILE is required');
  const onnx = flags.format === 'onnx';
  if (onnx && (flags.values !== 'float32' || flags.graph !== 'auto')) throw new UsageError('--values and --graph are .spff options; ONNX stores float32 weights');
  // pathExists, not existsSync: a model.json that is a symlink loop or a FIFO is reported as what it is by the loader.
  if (!pathExists(path.join(flags.model, MODEL_JSON))) throw new UsageError(`${flags.model} holds no saved model (${MODEL_JSON} missing)`);
  checkInput(() => checkOutputFile('--out', flags.out!, { existing: flags.overwrite ? 'replace' : 'refuse', overwriteFlag: '--overwrite' }));

  const sparse = await loadSparseModel(flags.model);
  const sizes = modelSizes(sparse), denseBytes = denseFloat32Bytes(sizes);
  const spff = onnx ? null : exportSparseModel(sparse, { values: flags.values as ValueType, graph: flags.graph as 'auto' | 'csr' });
  const bytes = spff ? spff.bytes : onnxModel(sparse, { initializers: flags['onnx-initializers'] as OnnxInitializers });
  writeFileAtomic(flags.out, bytes);

  const summary = onnx
    ? { file: flags.out, format: 'onnx', opset: OPSET, initializers: flags['onnx-initializers'], sizes, bytes: bytes.length, denseBytes, ratio: bytes.length / denseBytes }
    : { file: flags.out, format: 'spff', sizes, values: flags.values, bytes: bytes.length, denseBytes, ratio: bytes.length / denseBytes, layers: spff!.layers };
  if (flags.json) return printJson(summary);
  if (spff) {
    console.log(`${'layer'.padEnd(6)}${'shape'.padEnd(11)}${'nnz'.padStart(8)}  ${'graph'.padEnd(6)}${'index'.padEnd(8)}${'values'.padEnd(9)}${'bytes'.padStart(9)}`);
    spff.layers.forEach((l, i) => console.log(`${String(i).padEnd(6)}${`${l.nIn}→${l.nOut}`.padEnd(11)}${String(l.nnz).padStart(8)}  `
      + `${l.storage.padEnd(6)}${(l.indexType ?? '-').padEnd(8)}${l.valueType.padEnd(9)}${String(l.bytes).padStart(9)}`));
  } else {
    console.log(`ONNX opset ${OPSET}: ${sparse.layers.length} Gemm layers ${sizes.join('-')}, ${flags['onnx-initializers']} initializers`);
  }
  console.log(`wrote ${flags.out}: ${bytes.length} bytes = ${(100 * summary.ratio).toFixed(2)}% of dense float32 (${denseBytes} bytes)`);
});
