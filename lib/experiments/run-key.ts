// A run's identity in the result store: a hash of its full config, so a rerun recognises finished work and any
// change to a training setting (epochs, lr, ...) counts as a different run.
import { createHash } from 'node:crypto';
import type { TrainConfig } from '../train/config';

/** JSON with object keys sorted at every level and undefined fields omitted, so key order never changes the text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(v => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value).sort()
    .filter(k => (value as Record<string, unknown>)[k] !== undefined)
    .map(k => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** First 16 hex chars of sha256(canonicalJson(config)). */
export function runKey(config: TrainConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}
