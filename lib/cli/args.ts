// One flag parser for every npm-script entry point: --help, typed flags with defaults,
// a one-line reason and exit code 2 on bad input (before any work starts), --json last-line output.
import { parseArgs } from 'node:util';
import { hasOwnKey } from '../base/own-key';

type FlagType = 'string' | 'number' | 'int' | 'boolean';
export interface FlagSpec {
  type: FlagType;
  help: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  /** Allowed numeric range, inclusive unless `exclusiveMin` is set. */
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
}
export type FlagSpecs = Record<string, FlagSpec>;
type ValueOf<F extends FlagSpec> = F['type'] extends 'boolean' ? boolean
  : F['type'] extends 'number' | 'int' ? number : string;
export type Flags<S extends FlagSpecs> = {
  [K in keyof S]: S[K] extends { default: unknown } ? ValueOf<S[K]>
    : S[K]['type'] extends 'boolean' ? boolean : ValueOf<S[K]> | undefined;
};

export class UsageError extends Error {}

/** Runs an input check: whatever it throws becomes a UsageError (one line, exit 2), since it is about the input. */
export function checkInput<T>(check: () => T): T {
  try { return check(); } catch (err) {
    throw err instanceof Error && !(err instanceof UsageError) ? new UsageError(err.message) : err;
  }
}

export interface CliDefinition<S extends FlagSpecs> {
  /** How the command is invoked, e.g. `npm run data --`. */
  usage: string;
  summary: string;
  flags: S;
  /** Extra help text (examples, notes), printed after the flag list. */
  epilog?: string;
  /** Allow positional arguments (returned in `positionals`). */
  positionals?: string;
}

export function helpText<S extends FlagSpecs>(def: CliDefinition<S>): string {
  const rows = Object.entries(def.flags).map(([name, f]) => {
    const arg = f.type === 'boolean' ? '' : ` <${f.choices ? f.choices.join('|') : f.type}>`;
    const dflt = f.default !== undefined && f.type !== 'boolean' ? ` (default: ${f.default})` : '';
    return [`  --${name}${arg}`, `${f.help}${dflt}`];
  });
  rows.push(['  --help', 'show this help']);
  const width = Math.max(...rows.map(r => r[0].length)) + 2;
  const lines = [`Usage: ${def.usage}${def.positionals ? ` ${def.positionals}` : ''} [flags]`, '', def.summary, '', 'Flags:',
    ...rows.map(([a, b]) => a.padEnd(width) + b)];
  if (def.epilog) lines.push('', def.epilog);
  return lines.join('\n');
}

/**
 * `--density -1` as `--density=-1`: node's parseArgs takes a value starting with '-' for an option ("argument is
 * ambiguous"), so a negative number after a numeric flag is joined to it here, and then gets the flag's own message.
 */
function joinNegativeNumbers(def: CliDefinition<FlagSpecs>, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    const f = hasOwnKey(def.flags, name) ? def.flags[name] : undefined;
    if (f && (f.type === 'number' || f.type === 'int') && /^-[\d.]/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** Parse and validate argv; throws UsageError with a one-line reason. */
export function parseFlags<S extends FlagSpecs>(def: CliDefinition<S>, argv: string[]): { flags: Flags<S>; positionals: string[]; help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, f] of Object.entries(def.flags)) options[name] = { type: f.type === 'boolean' ? 'boolean' : 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(def, argv), options, allowPositionals: Boolean(def.positionals), strict: true });
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(first);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value (one that starts with '-' is written ${ambiguous[1]}=-VALUE)`);
    throw new UsageError(first.replace(/\. To specify a positional.*$/, ''));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(def.flags)) {
    const raw = values[name];
    if (raw === undefined) { out[name] = f.default ?? (f.type === 'boolean' ? false : undefined); continue; }
    if (f.type === 'boolean') { out[name] = raw; continue; }
    const text = String(raw);
    if (f.choices && !f.choices.includes(text)) {
      throw new UsageError(`--${name} must be one of ${f.choices.join(', ')} (got '${text}')`);
    }
    if (f.type === 'string') { out[name] = text; continue; }
    const num = Number(text);
    if (text.trim() === '' || !Number.isFinite(num)) throw new UsageError(`--${name} must be a number (got '${text}')`);
    if (f.type === 'int' && !Number.isInteger(num)) throw new UsageError(`--${name} must be an integer (got '${text}')`);
    if (f.min !== undefined && (f.exclusiveMin ? num <= f.min : num < f.min)) {
      throw new UsageError(`--${name} must be ${f.exclusiveMin ? '>' : '>='} ${f.min} (got ${text})`);
    }
    if (f.max !== undefined && num > f.max) throw new UsageError(`--${name} must be <= ${f.max} (got ${text})`);
    out[name] = num;
  }
  return { flags: out as Flags<S>, positionals: parsed.positionals, help: Boolean(values.help) };
}

/**
 * Run a command: parse flags (printing --help and exiting 0), then main. Any UsageError or other thrown error
 * becomes one line on stderr and a non-zero exit (2 for usage, 1 otherwise). Set DEBUG=1 for stack traces.
 */
export function runCli<S extends FlagSpecs>(
  def: CliDefinition<S>,
  main: (flags: Flags<S>, positionals: string[]) => Promise<void> | void,
  argv: string[] = process.argv.slice(2),
): void {
  const name = def.usage.replace(/^npm run /, '').split(' ')[0];
  const die = (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${name}: ${message.split('\n')[0]}\n`);
    if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    process.exit(err instanceof UsageError ? 2 : 1);
  };
  let parsed: ReturnType<typeof parseFlags<S>>;
  try { parsed = parseFlags(def, argv); } catch (err) { return die(err); }
  if (parsed.help) { process.stdout.write(helpText(def) + '\n'); return; }
  Promise.resolve().then(() => main(parsed.flags, parsed.positionals)).catch(die);
}

/** Print one JSON object as a single line (the last line of stdout for --json). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
