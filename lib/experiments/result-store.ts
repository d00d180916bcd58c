// The sweep's results: data/results/<name>/results.jsonl, append-only JSON Lines, one {key, finishedAt, record}
// per finished run. Only the sweep's parent process writes, one complete line per write(2) on an O_APPEND
// descriptor, so lines never interleave and a crash can at worst leave one truncated last line — which loading
// reports and skips, and the next append isolates behind a newline instead of gluing onto it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_TEXT_FILE_BYTES } from '../base/limits';
import { pathExists, readRegularTextFile } from '../base/read-file';
import { fromRepoRoot } from '../base/repo-root';
import type { RunRecord, TrainConfig } from '../train/config';
import { storedResultProblem } from './record-check';

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
  /**
   * Lines skipped or doubtful, each naming its line, e.g. `results.jsonl:7: truncated last line (power cut?) ignored`:
   * unreadable JSON, records with a bad field, and keys stored as 'ok' more than once.
   */
  warnings: string[];
  /** Keys stored as 'ok' more than once (a run trained twice, e.g. by two sweeps at once). */
  duplicateKeys: number;
  /** Lines in the file, including unreadable ones. */
  lines: number;
}

/** Where the repository keeps sweep results unless told otherwise (independent of the working directory). */
export const defaultResultsDir = fromRepoRoot('data', 'results');

export function resultsFileFor(resultsDir: string, name: string): string {
  return path.join(resultsDir, name, 'results.jsonl');
}

/**
 * Read a results file (a missing file is an empty store; anything but a regular file within MAX_TEXT_FILE_BYTES is a
 * one-line FileReadError). Unreadable lines and invalid records become warnings and are skipped, never errors.
 */
export function loadResults(file: string): LoadedResults {
  if (!pathExists(file)) return { results: [], warnings: [], duplicateKeys: 0, lines: 0 };
  const text = readRegularTextFile(file, MAX_TEXT_FILE_BYTES);
  const lines = text.split('\n');
  const endsClean = lines[lines.length - 1] === '';
  if (endsClean) lines.pop();
  const byKey = new Map<string, StoredResult>();
  const firstOk = new Map<string, number>();
  const doubled = new Set<string>();
  const warnings: string[] = [];
  const name = path.basename(file);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try { value = JSON.parse(line); } catch {
      warnings.push(`${name}:${i + 1}: ${isLast && !endsClean ? 'truncated last line (interrupted write?)' : 'unreadable line'} ignored`);
      return;
    }
    const problem = storedResultProblem(value);
    if (problem) { warnings.push(`${name}:${i + 1}: ${problem}; line ignored`); return; }
    const result = value as StoredResult;
    if (result.record.status === 'ok') {
      const first = firstOk.get(result.key);
      if (first === undefined) firstOk.set(result.key, i + 1);
      else {
        doubled.add(result.key);
        warnings.push(`${name}:${i + 1}: run ${result.key} is already stored as ok at line ${first} (two sweeps at once?); the later line is used`);
      }
    }
    byKey.set(result.key, result); // a later line replaces the value but keeps the key's first position
  });
  return { results: [...byKey.values()], warnings, duplicateKeys: doubled.size, lines: lines.length };
}

/** Keys of runs that finished with status 'ok' — the ones a rerun skips. Failed runs are retried. */
export function finishedKeys(loaded: LoadedResults): Set<string> {
  return new Set(loaded.results.filter(r => r.record.status === 'ok').map(r => r.key));
}

/** An appender for one results file; creates its folder on the first append (or check), not before. */
export function openResultStore(file: string): { append(key: string, record: RunRecord): StoredResult; checkWritable(): void } {
  let checkedTail = false;
  return {
    /** Opens the file for appending (creating it empty) and closes it: a sweep calls this before its first run, so
     *  an unwritable store fails before any work instead of losing the first finished run. */
    checkWritable() {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.closeSync(fs.openSync(file, 'a'));
      } catch (err) {
        throw new Error(`${file}: cannot write results there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    },
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
