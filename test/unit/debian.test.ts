// Debian packages: library code only checks and names the command; commands install as root, and anyone else gets the
// exact apt-get line at once (nothing is installed behind a non-root user's back, nothing is skipped silently).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { aptInstallLine, debianNeedsFor, missingPackages, requireDebianPackages } from '../../lib/base/debian';

const absent = [{ pkg: 'no-such-package', provides: '/nonexistent/no-such-package' }, { pkg: 'other-package', provides: '/nonexistent/other' }];
const root = path.join(__dirname, '..', '..');

test('missing packages are named once each, in order; present ones are not', () => {
  assert.deepEqual(missingPackages([...absent, absent[0], { pkg: 'coreutils', provides: '/bin/ls' }]), ['no-such-package', 'other-package']);
});

test('requireDebianPackages throws one line with the exact install command and installs nothing', () => {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  assert.equal(aptInstallLine(['a', 'b']), `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends a b`);
  assert.throws(() => requireDebianPackages(absent, 'exporting figures'), {
    message: `exporting figures needs Debian packages no-such-package, other-package: run '${aptInstallLine(['no-such-package', 'other-package'])}'`,
  });
});

test('the test suite asks for Jupyter, Chromium, the figures\' font, Fashion-MNIST and Redis', () => {
  assert.deepEqual(debianNeedsFor.test.map(n => n.pkg), ['jupyter-nbconvert', 'python3-nbclient', 'python3-nbformat', 'jupyter-client',
    'jupyter-core', 'chromium', 'fonts-liberation', 'dataset-fashion-mnist', 'redis-server']);
});

test('not root: ensureDebianPackages stops at once with the sudo apt-get line', { skip: process.getuid?.() !== 0 && 'needs root to run a child as another user' }, () => {
  const script = `require('./lib/base/debian.ts').ensureDebianPackages(${JSON.stringify(absent)}, 'npm test')`;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: root, uid: 65534, gid: 65534, encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: '/tmp' },
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Error: npm test needs Debian packages no-such-package, other-package: run 'sudo apt-get update && sudo apt-get install -y --no-install-recommends no-such-package other-package'/);
});
