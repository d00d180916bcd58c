// Debian packages some commands need (Jupyter, Chromium, Fashion-MNIST). As root we install what is missing;
// otherwise we stop with the exact apt-get line to run, never a half-working run.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface DebianNeed {
  /** Debian package name. */
  pkg: string;
  /** A file the package installs; present means installed. */
  provides: string;
}

export const debianNeeds = {
  jupyterExecute: [
    { pkg: 'jupyter-nbconvert', provides: '/usr/bin/jupyter-nbconvert' },
    { pkg: 'python3-nbclient', provides: '/usr/lib/python3/dist-packages/nbclient/__init__.py' },
    { pkg: 'jupyter-client', provides: '/usr/lib/python3/dist-packages/jupyter_client/__init__.py' },
  ],
  jupyterNotebook: [{ pkg: 'jupyter-notebook', provides: '/usr/bin/jupyter-notebook' }],
  chromium: [{ pkg: 'chromium', provides: '/usr/bin/chromium' }],
  fashionMnist: [{ pkg: 'dataset-fashion-mnist', provides: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' }],
} satisfies Record<string, DebianNeed[]>;

export function missingPackages(needs: DebianNeed[]): string[] {
  return needs.filter(n => !existsSync(n.provides)).map(n => n.pkg);
}

/** Install missing packages when running as root; otherwise throw one line naming the command to run. */
export function ensureDebianPackages(needs: DebianNeed[], purpose: string, log: (line: string) => void = console.error): void {
  const missing = missingPackages(needs);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`${purpose} needs Debian packages ${missing.join(', ')}: run 'sudo apt-get update && sudo ${command}'`);
  }
  log(`installing Debian packages for ${purpose}: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`'apt-get ${args.join(' ')}' failed (exit ${r.status})`);
  }
  const still = missingPackages(needs);
  if (still.length) throw new Error(`after apt-get install, still missing: ${still.join(', ')}`);
}
