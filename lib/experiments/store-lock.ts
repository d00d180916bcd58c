// One sweep per result store. Two sweeps on the same results folder both train every missing run and store it twice
// (31 of 36 runs, when a sweep outlived its killed launcher and was started again); the folder's lock file names the
// holder, and a lock left by a sweep that crashed or was SIGKILLed is taken over (lib/base/pid-lock.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acquireLock, type Lock } from '../base/pid-lock';

export const LOCK_FILE = '.sweep.lock';

/** Take the lock of the results folder holding `resultsFile` (creating the folder), or throw a LockHeldError. */
export function lockResultStore(resultsFile: string): Lock {
  const dir = path.dirname(resultsFile);
  fs.mkdirSync(dir, { recursive: true });
  return acquireLock(path.join(dir, LOCK_FILE), `results folder ${dir}`);
}
