// The sweep's results: data/results/<name>/results.jsonl, append-only JSON Lines, one {key, finishedAt, record}
// per finished run. Only the sweep's parent process writes, one complete line per write(2) on an O_APPEND
// descriptor, so lines never interleave and a crash can at worst leave one truncated last line — which loading
// reports and skips, and the next append isolates behind a newline instead of gluing onto it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord, TrainConfig } from '../train/config';

export interface StoredResult {
  key: string;
  /** ISO time the parent stored it. */
  finishedAt: string;
  record: RunRecord;
}

export interface LoadedResults {
  /**
   * One entry per key, in order of first appearance. A key stored more than once (a failed run retried, or two
   * sweeps racing) keeps its LATEST line: only 'ok' runs are skipped on a rerun, so the latest is the final outcome.
   */
  results: StoredResult[];
  /** Lines that could not be read, e.g. `results.jsonl:7: truncated last line (power cut?) ignored`. */
  warnings: string[];
  /** Lines in the file, including unreadable ones. */
  lines: number;
}

/** Where the repository keeps sweep results unless told otherwise (independent of the working directory). */
export const defaultResultsDir = path.resolve(__dirname, '..', '..', 'data', 'results');

export function resultsFileFor(resultsDir: string, name: string): string {
  return path.join(resultsDir, name, 'results.jsonl');
}

function isStoredResult(value: unknown): value is StoredResult {
  const v = value as StoredResult;
  return v !== null && typeof v === 'object' && typeof v.key === 'string' && typeof v.record === 'object' &&
    v.record !== null && (v.record.status === 'ok' || v.record.status === 'failed') && typeof v.record.config === 'object';
}

/** Read a results file (a missing file is an empty store). Unreadable lines become warnings, never errors. */
export function loadResults(file: string): LoadedResults {
  if (!fs.existsSync(file)) return { results: [], warnings: [], lines: 0 };
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const endsClean = lines[lines.length - 1] === '';
  if (endsClean) lines.pop();
  const byKey = new Map<string, StoredResult>();
  const warnings: string[] = [];
  const name = path.basename(file);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try { value = JSON.parse(line); } catch { value = undefined; }
    if (isStoredResult(value)) {
      byKey.set(value.key, value); // a later line replaces the value but keeps the key's first position
      return;
    }
    const what = isLast && !endsClean ? 'truncated last line (interrupted write?)' : 'unreadable line';
    warnings.push(`${name}:${i + 1}: ${what} ignored`);
  });
  return { results: [...byKey.values()], warnings, lines: lines.length };
}

/** Keys of runs that finished with status 'ok' — the ones a rerun skips. Failed runs are retried. */
export function finishedKeys(loaded: LoadedResults): Set<string> {
  return new Set(loaded.results.filter(r => r.record.status === 'ok').map(r => r.key));
}

/** An appender for one results file; creates its folder on the first append, not before. */
export function openResultStore(file: string): { append(key: string, record: RunRecord): StoredResult } {
  let checkedTail = false;
  return {
    append(key, record) {
      const entry: StoredResult = { key, finishedAt: new Date().toISOString(), record };
      let line = JSON.stringify(entry) + '\n';
      if (!checkedTail) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        if (!endsWithNewline(file)) line = '\n' + line; // keep a truncated last line apart from the new one
        checkedTail = true;
      }
      const fd = fs.openSync(file, 'a'); // O_APPEND: each write lands at the current end of the file
      try { fs.writeSync(fd, line); } finally { fs.closeSync(fd); }
      return entry;
    },
  };
}

function endsWithNewline(file: string): boolean {
  let fd: number;
  try { fd = fs.openSync(file, 'r'); } catch { return true; } // no file yet
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally { fs.closeSync(fd); }
}

/** The record stored for a run that threw (or whose worker died): status 'failed', its error, zeroed metrics. */
export function failedRecord(config: TrainConfig, error: string, wallSeconds: number, startedAt: string): RunRecord {
  return {
    config, status: 'failed', error, epochs: [], epochSeconds: [], bestEpoch: 0, testAccuracy: 0, testLoss: 0,
    params: 0, connections: 0, layers: [], backend: '', kernel: 'typescript', versions: {}, gitCommit: '',
    startedAt, wallSeconds,
  };
}
