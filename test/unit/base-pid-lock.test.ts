// lib/base/pid-lock: one holder at a time, named in the refusal; a dead holder's lock is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireLock, type LockHolder } from '../../lib/base/pid-lock';
import { bootId, identityOf } from '../../lib/base/process-identity';
import { scratchDir } from '../fixtures/scratch';

const lockIn = () => path.join(scratchDir('pid-lock-'), '.lock');
const holder = (over: Partial<LockHolder>): LockHolder => ({
  pid: process.pid, host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z', procStart: identityOf(process.pid).start,
  bootId: bootId(), command: 'sweep.ts', ...over,
});
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

test('the lock file names its holder; a second acquire refuses with that pid; release removes it', () => {
  const file = lockIn();
  const lock = acquireLock(file, 'results folder X');
  const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(stored.pid, process.pid);
  assert.equal(stored.host, os.hostname());
  assert.equal(stored.procStart, identityOf(process.pid).start);
  assert.throws(() => acquireLock(file, 'results folder X'),
    { name: 'LockHeldError', message: `results folder X is in use by pid ${process.pid} on this host, since ${lock.holder.startedAt}` });
  lock.release();
  assert.equal(fs.existsSync(file), false);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), [], 'no temporary files are left');
});

test('a lock whose holder died, or whose pid now belongs to another process, is stale and taken over', () => {
  for (const stale of [holder({ pid: deadPid() }), holder({ procStart: '1' }), holder({ bootId: 'another-boot' })]) {
    const file = lockIn();
    fs.writeFileSync(file, JSON.stringify(stale));
    const lock = acquireLock(file, 'X');
    assert.deepEqual(lock.replaced, stale);
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).pid, process.pid);
    lock.release();
  }
});

test("another host's lock cannot be proven stale; a file naming no holder is left alone", () => {
  const file = lockIn();
  fs.writeFileSync(file, JSON.stringify(holder({ host: 'elsewhere', pid: 4242 })));
  assert.throws(() => acquireLock(file, 'X'), { message: `X is in use by pid 4242 on host elsewhere, since 2026-01-01T00:00:00.000Z (if nothing runs there, delete ${file})` });
  fs.writeFileSync(file, 'garbage');
  assert.throws(() => acquireLock(file, 'X'), { message: `X is locked by ${file}, which names no holder; delete it if no other process uses the folder` });
});

test('release leaves a lock that another process took over alone', () => {
  const file = lockIn();
  const lock = acquireLock(file, 'X');
  fs.writeFileSync(file, JSON.stringify(holder({ pid: 4242, startedAt: 'later' })));
  lock.release();
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).pid, 4242);
});
