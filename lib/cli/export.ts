// `npm run export -- --model DIR --out FILE`: a saved tfjs model of SparseDense layers → one compact .spff file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkInput, runCli, printJson, UsageError } from './args';
import { checkOutputFile } from '../base/output-path';
import { pathExists } from '../base/read-file';
import { MODEL_JSON } from '../layers/file-io';
import { exportModelDirectory } from '../infer/export';
import { VALUE_TYPES, type ValueType } from '../infer/model';

runCli({
  usage: 'npm run export --',
  summary: 'Export a saved sparse model (a `npm run train -- --save DIR` directory) to one compact file for `npm run predict`.',
  flags: {
    model: { type: 'string', help: 'saved tfjs model directory (model.json + weights.bin)' },
    out: { type: 'string', help: 'file to write, e.g. model.spff' },
    values: { type: 'string', default: 'float32', choices: VALUE_TYPES, help: 'how edge weights are stored (biases stay float32)' },
    overwrite: { type: 'boolean', help: 'allow replacing an existing --out file' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'Layers whose graph regenerates exactly from their topology spec store the spec instead of indices.\n'
    + 'Example: npm run export -- --model runs/lenet10 --out lenet10.spff --values float16',
}, async flags => {
  if (!flags.model) throw new UsageError('--model DIR is required');
  if (!flags.out) throw new UsageError('--out FILE is required');
  // pathExists, not existsSync: a model.json that is a symlink loop or a FIFO is reported as what it is by the loader.
  if (!pathExists(path.join(flags.model, MODEL_JSON))) throw new UsageError(`${flags.model} holds no saved model (${MODEL_JSON} missing)`);
  checkInput(() => checkOutputFile('--out', flags.out!, { existing: flags.overwrite ? 'replace' : 'refuse', overwriteFlag: '--overwrite' }));
  const outDir = path.dirname(path.resolve(flags.out));

  const valueType = flags.values as ValueType;
  const result = await exportModelDirectory(flags.model, valueType);
  // Written beside the target and renamed: a failure never leaves a half-written file or destroys the old one.
  const tmp = path.join(outDir, `.${path.basename(flags.out)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, result.bytes);
  fs.renameSync(tmp, flags.out);

  const bytes = result.bytes.length;
  const summary = {
    file: flags.out, sizes: result.sizes, values: valueType, bytes, denseBytes: result.denseBytes,
    ratio: bytes / result.denseBytes, layers: result.layers,
  };
  if (flags.json) return printJson(summary);
  console.log(`${'layer'.padEnd(6)}${'shape'.padEnd(11)}${'nnz'.padStart(8)}  ${'graph'.padEnd(6)}${'index'.padEnd(8)}${'values'.padEnd(9)}${'bytes'.padStart(9)}`);
  result.layers.forEach((l, i) => console.log(`${String(i).padEnd(6)}${`${l.nIn}→${l.nOut}`.padEnd(11)}${String(l.nnz).padStart(8)}  `
    + `${l.storage.padEnd(6)}${(l.indexType ?? '-').padEnd(8)}${l.valueType.padEnd(9)}${String(l.bytes).padStart(9)}`));
  console.log(`wrote ${flags.out}: ${bytes} bytes = ${(100 * summary.ratio).toFixed(2)}% of dense float32 (${result.denseBytes} bytes)`);
});
