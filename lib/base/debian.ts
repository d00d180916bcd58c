// Debian packages some commands need (Jupyter, Chromium and the font the figures name, Fashion-MNIST, Redis). Commands a
// user runs install what is missing when they run as root and otherwise stop with the exact apt-get line; library
// code only checks (requireDebianPackages), so a function call never runs apt-get behind its caller's back.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface DebianNeed {
  /** Debian package name. */
  pkg: string;
  /** A file the package installs; present means installed. */
  provides: string;
}

const pythonLib = '/usr/lib/python3/dist-packages';

export const debianNeeds = {
  jupyterExecute: [
    { pkg: 'jupyter-nbconvert', provides: '/usr/bin/jupyter-nbconvert' },
    { pkg: 'python3-nbclient', provides: `${pythonLib}/nbclient/__init__.py` },
    { pkg: 'python3-nbformat', provides: `${pythonLib}/nbformat/__init__.py` },
    { pkg: 'jupyter-client', provides: `${pythonLib}/jupyter_client/__init__.py` },
    { pkg: 'jupyter-core', provides: `${pythonLib}/jupyter_core/__init__.py` },
  ],
  jupyterNotebook: [{ pkg: 'jupyter-notebook', provides: '/usr/bin/jupyter-notebook' }],
  // The house style names Arial; without its metric twin Chromium falls back to DejaVu Sans, text widens and every
  // figure changes. A figure is only exported where the font it names is present.
  figureExport: [
    { pkg: 'chromium', provides: '/usr/bin/chromium' },
    { pkg: 'fonts-liberation', provides: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' },
  ],
  fashionMnist: [{ pkg: 'dataset-fashion-mnist', provides: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' }],
  // Queued sweeps run against a real Redis server; the tests start their own on a free loopback port.
  redisServer: [{ pkg: 'redis-server', provides: '/usr/bin/redis-server' }],
} satisfies Record<string, DebianNeed[]>;

/** What each user-facing command needs before it starts (npm test's pretest installs `test`). */
export const debianNeedsFor = {
  test: [...debianNeeds.jupyterExecute, ...debianNeeds.figureExport, ...debianNeeds.fashionMnist, ...debianNeeds.redisServer],
  paper: [...debianNeeds.jupyterExecute, ...debianNeeds.figureExport],
  notebook: [...debianNeeds.jupyterNotebook],
} satisfies Record<string, DebianNeed[]>;

export function missingPackages(needs: DebianNeed[]): string[] {
  return [...new Set(needs.filter(n => !existsSync(n.provides)).map(n => n.pkg))];
}

/** The exact line a user runs to install `packages` (with sudo unless they are root). */
export function aptInstallLine(packages: string[]): string {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** Throw one line naming the command to run when a package is missing; never installs anything. */
export function requireDebianPackages(needs: DebianNeed[], purpose: string): void {
  const missing = missingPackages(needs);
  if (missing.length) throw new Error(`${purpose} needs Debian packages ${missing.join(', ')}: run '${aptInstallLine(missing)}'`);
}

/**
 * For commands: install missing packages when running as root (one line saying what), otherwise throw one line
 * naming the command to run. Returns the packages it installed.
 */
export function ensureDebianPackages(needs: DebianNeed[], purpose: string, log: (line: string) => void = console.error): string[] {
  const missing = missingPackages(needs);
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) requireDebianPackages(needs, purpose);
  log(`installing Debian packages for ${purpose}: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
    if (r.status !== 0) {
      const reason = (r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? r.error?.message ?? `exit ${r.status}`;
      throw new Error(`'apt-get ${args.join(' ')}' failed: ${reason}`);
    }
  }
  const still = missingPackages(needs);
  if (still.length) throw new Error(`after apt-get install, still missing: ${still.join(', ')}`);
  return missing;
}
