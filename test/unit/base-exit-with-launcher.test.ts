// lib/base/exit-with-launcher, for real: SIGKILL the wrapper that launched a process (a `sh -c` shell, the tsx
// wrapper) and the process exits on its own; while the wrapper lives, it keeps running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRunning } from '../../lib/base/process-identity';
import { scratchDir } from '../fixtures/scratch';
import { waitFor } from '../fixtures/wait';

const child = path.join(__dirname, '..', 'fixtures', 'launcher-child.ts');
const tsxLoader = require.resolve('tsx');
const tsxBin = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
async function killLauncherAndWatch(start: (file: string) => ChildProcess) {
  const file = path.join(scratchDir('launcher-'), 'out');
  const launcher = start(file);
  const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : []);
  await waitFor('the child to report still running', () => lines().includes('still running'));
  const [pid, watched] = lines()[0].split(' ').map(Number);
  assert.notEqual(pid, launcher.pid, 'the child is a separate process under the launcher');
  assert.ok(watched >= 2, `the launcher and the test process above it are watched (${watched})`);
  launcher.kill('SIGKILL');
  await waitFor('the child to exit after its launcher died', () => !isRunning({ pid, start: '' }));
  assert.deepEqual(lines().slice(1), ['still running', 'launcher gone']);
}

test('SIGKILL of a `sh -c` launcher ends the process it started', async () => {
  await killLauncherAndWatch(file => spawn('sh', ['-c', `"${process.execPath}" --import "${tsxLoader}" "${child}"; true`],
    { env: { ...process.env, LAUNCHER_CHILD_FILE: file }, stdio: 'ignore' }));
});

test('SIGKILL of the tsx wrapper ends the real node process under it', async () => {
  await killLauncherAndWatch(file => spawn(tsxBin, [child], { env: { ...process.env, LAUNCHER_CHILD_FILE: file }, stdio: 'ignore' }));
});
