// What a line of results.jsonl must hold before anything reads it. The file is plain text a user can edit, and one
// parseable line with `config.arch: null` or `testAccuracy: "high"` used to crash the summary and every notebook
// (`c.arch is not iterable`). storedResultProblem names the first bad field, so loading can report the line and skip it.
import { validateTrainConfig } from '../train/validate-config';
import type { TrainConfig } from '../train/config';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** A JSON null stands for NaN (JSON has none): a run without a validation set has no validation metrics. */
const EPOCH_FIELDS: [string, (v: unknown) => boolean, string][] = [
  ['epoch', count, 'an integer >= 0'],
  ['loss', finite, 'a finite number'],
  ['trainAccuracy', v => finite(v) && v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['valLoss', v => v === null || finite(v), 'a number or null'],
  ['valAccuracy', v => v === null || (finite(v) && v >= 0 && v <= 1), 'a number in [0, 1] or null'],
  ['seconds', v => finite(v) && v >= 0, 'a number >= 0'],
];

const LAYER_FIELDS: [string, (v: unknown) => boolean, string][] = [
  ['nIn', count, 'an integer >= 0'], ['nOut', count, 'an integer >= 0'], ['nnz', count, 'an integer >= 0'],
  ['density', v => finite(v) && v >= 0 && v <= 1, 'a number in [0, 1]'], ['topology', v => typeof v === 'string', 'a string'],
  ['finalGraph', v => v === undefined || (isObject(v) && finite(v.spectralGap) && finite(v.algebraicConnectivity)), 'absent or an object of graph metrics'],
];

function fieldsProblem(obj: unknown, where: string, fields: [string, (v: unknown) => boolean, string][]): string | undefined {
  if (!isObject(obj)) return `${where} must be an object (got ${show(obj)})`;
  for (const [name, ok, rule] of fields) if (!ok(obj[name])) return `${where}.${name} must be ${rule} (got ${show(obj[name])})`;
  return undefined;
}

function listProblem(list: unknown, where: string, item: (v: unknown, at: string) => string | undefined): string | undefined {
  if (!Array.isArray(list)) return `${where} must be an array (got ${show(list)})`;
  for (let i = 0; i < list.length; i++) {
    const problem = item(list[i], `${where}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function configProblem(config: unknown): string | undefined {
  if (!isObject(config)) return `record.config must be an object (got ${show(config)})`;
  try { validateTrainConfig(config as unknown as TrainConfig); } catch (err) { return `record.config.${(err as Error).message}`; }
  if (typeof config.denseOutput !== 'boolean') return `record.config.denseOutput must be true or false (got ${show(config.denseOutput)})`;
  return undefined;
}

/** Why `value` is not a stored result {key, finishedAt, record} that summaries and notebooks can read, or undefined. */
export function storedResultProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (typeof value.key !== 'string' || value.key === '') return `key must be a non-empty string (got ${show(value.key)})`;
  const r = value.record;
  if (!isObject(r)) return `record must be an object (got ${show(r)})`;
  if (r.status !== 'ok' && r.status !== 'failed') return `record.status must be "ok" or "failed" (got ${show(r.status)})`;
  const config = configProblem(r.config);
  if (config) return config;
  if (r.status === 'failed') return typeof r.error === 'string' ? undefined : `record.error must be a string (got ${show(r.error)})`;
  const checks: [string, boolean, string][] = [
    ['testAccuracy', finite(r.testAccuracy) && r.testAccuracy >= 0 && r.testAccuracy <= 1, 'a number in [0, 1]'],
    ['testLoss', finite(r.testLoss), 'a finite number'],
    ['bestEpoch', count(r.bestEpoch), 'an integer >= 0'],
    ['params', count(r.params), 'an integer >= 0'],
    ['connections', count(r.connections), 'an integer >= 0'],
    ['wallSeconds', finite(r.wallSeconds) && r.wallSeconds >= 0, 'a number >= 0'],
    ['backend', typeof r.backend === 'string', 'a string'],
    ['kernel', typeof r.kernel === 'string', 'a string'],
    ['gitCommit', typeof r.gitCommit === 'string', 'a string'],
    ['startedAt', typeof r.startedAt === 'string', 'a string'],
    ['versions', isObject(r.versions), 'an object'],
  ];
  for (const [name, ok, rule] of checks) if (!ok) return `record.${name} must be ${rule} (got ${show(r[name])})`;
  return listProblem(r.epochs, 'record.epochs', (e, at) => fieldsProblem(e, at, EPOCH_FIELDS))
    ?? listProblem(r.epochSeconds, 'record.epochSeconds', (s, at) => (finite(s) ? undefined : `${at} must be a number (got ${show(s)})`))
    ?? listProblem(r.layers, 'record.layers', (l, at) => fieldsProblem(l, at, LAYER_FIELDS));
}
