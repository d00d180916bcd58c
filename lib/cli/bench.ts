// `npm run bench -- NAME [--quick] [--json]`: speed and memory targets live here, never in timed unit tests.
import { checkInput, runCli, printJson, UsageError } from './args';
import { checkOutputFile } from '../base/output-path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchmarks } from '../bench/registry';
import { gitCommit } from '../train/provenance';

/** What a stored benchmark result was measured on. */
function machine() {
  return { cpu: os.cpus()[0]?.model.trim(), cores: os.cpus().length, node: process.version, gitCommit: gitCommit(),
    loadAverage1m: os.loadavg()[0] };
}

runCli({
  usage: 'npm run bench --',
  positionals: '<name>',
  summary: 'Run a benchmark and print its table; with --json the last stdout line is its result object.',
  flags: {
    quick: { type: 'boolean', help: 'fewer repetitions and sizes (a fast check that it runs)' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
    out: { type: 'string', help: 'also write the result object to this JSON file (e.g. data/bench/NAME.json, read by the paper)' },
  },
  epilog: `Benchmarks:\n${benchmarks.map(b => `  ${b.name.padEnd(12)}${b.summary}`).join('\n')}`,
}, async (flags, positionals) => {
  const names = benchmarks.map(b => b.name);
  if (positionals.length !== 1) throw new UsageError(`name one benchmark: ${names.join(', ')}`);
  const bench = benchmarks.find(b => b.name === positionals[0]);
  if (!bench) throw new UsageError(`unknown benchmark '${positionals[0]}' (known: ${names.join(', ')})`);
  if (flags.out) checkInput(() => checkOutputFile('--out', flags.out!, { existing: 'replace', createFolders: true }));
  const result = { benchmark: bench.name, measuredAt: new Date().toISOString(), quick: flags.quick, machine: machine(),
    ...await bench.run({ quick: flags.quick, log: flags.json ? () => {} : line => console.log(line) }) };
  if (flags.out) {
    fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
    fs.writeFileSync(flags.out, JSON.stringify(result, null, 1) + '\n');
  }
  if (flags.json) printJson(result);
});
