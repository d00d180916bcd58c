// `npm run bench -- NAME [--quick] [--json]`: speed and memory targets live here, never in timed unit tests.
import { runCli, printJson, UsageError } from './args';
import { benchmarks } from '../bench/registry';

runCli({
  usage: 'npm run bench --',
  positionals: '<name>',
  summary: 'Run a benchmark and print its table; with --json the last stdout line is its result object.',
  flags: {
    quick: { type: 'boolean', help: 'fewer repetitions and sizes (a fast check that it runs)' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: `Benchmarks:\n${benchmarks.map(b => `  ${b.name.padEnd(12)}${b.summary}`).join('\n')}`,
}, async (flags, positionals) => {
  const names = benchmarks.map(b => b.name);
  if (positionals.length !== 1) throw new UsageError(`name one benchmark: ${names.join(', ')}`);
  const bench = benchmarks.find(b => b.name === positionals[0]);
  if (!bench) throw new UsageError(`unknown benchmark '${positionals[0]}' (known: ${names.join(', ')})`);
  const result = await bench.run({ quick: flags.quick, log: flags.json ? () => {} : line => console.log(line) });
  if (flags.json) printJson({ benchmark: bench.name, ...result });
});
