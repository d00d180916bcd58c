// `npm run setup`: the Debian packages a command needs, installed once before it starts. `npm test` runs this as its
// pretest step (`--for test`), so a fresh machine's first `npm ci && npm test` has Jupyter, Chromium, the figures'
// font and Fashion-MNIST before any test looks for them, instead of tests failing or skipping one by one.
import { runCli, printJson } from './args';
import { aptInstallLine, debianNeedsFor, ensureDebianPackages, missingPackages } from '../base/debian';

const purposes = Object.keys(debianNeedsFor) as (keyof typeof debianNeedsFor)[];

runCli({
  usage: 'npm run setup --',
  summary: 'Install the Debian packages a command needs (as root; otherwise print the exact apt-get line and exit 1).',
  flags: {
    for: { type: 'string', choices: purposes, default: 'test', help: 'test: the whole npm test suite; paper: npm run paper; notebook: npm run notebook' },
    check: { type: 'boolean', help: 'only report what is missing (exit 1 if anything is), never install' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
  epilog: 'npm test runs `npm run setup -- --for test` first (its pretest step); npm run test:unit needs none of these packages.',
}, flags => {
  const purpose = flags.for as keyof typeof debianNeedsFor;
  const needs = debianNeedsFor[purpose];
  const missing = missingPackages(needs);
  if (flags.check) {
    if (flags.json) printJson({ for: purpose, missing });
    if (missing.length) throw new Error(`missing Debian packages for ${purpose}: ${missing.join(' ')} (run '${aptInstallLine(missing)}')`);
    return;
  }
  const installed = ensureDebianPackages(needs, `npm ${purpose === 'test' ? 'test' : `run ${purpose}`}`, line => process.stderr.write(`${line}\n`));
  if (flags.json) printJson({ for: purpose, installed });
});
