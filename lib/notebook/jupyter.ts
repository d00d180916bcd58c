// Project-local Jupyter: a tslab kernelspec and Jupyter's data/runtime/config dirs all live under
// node_modules/.jupyter, so nothing is written outside the repository and `npm ci` starts from a clean slate.
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { repoRoot } from '../base/repo-root';

export const jupyterHome = path.join(repoRoot, 'node_modules', '.jupyter');
export const kernelName = 'tslab';
/** Debian's Jupyter and Python; `python3` on PATH may be another interpreter without Jupyter. */
export const jupyterBin = '/usr/bin/jupyter';
export const pythonBin = '/usr/bin/python3';

/** Environment for any Jupyter process started by the project. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    JUPYTER_PATH: jupyterHome,
    JUPYTER_DATA_DIR: path.join(jupyterHome, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(jupyterHome, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(jupyterHome, 'config'),
    // Jupyter looks for the kernel's `bash` and tslab's `node` on PATH.
    PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${base.PATH ?? ''}`,
  };
}

/**
 * The kernel starts tslab from the repository root: tslab compiles local .ts imports with rootDir = its working
 * directory, so a kernel started in notebooks/ could not import ../lib. Notebooks therefore import './lib/...'
 * and resolve data paths from the root; a notebook that writes a path relative to its own folder gets a hint saying so.
 */
export function kernelspec(): Record<string, unknown> {
  return {
    // kernel-hints.cjs is preloaded into the kernel only (not NODE_OPTIONS, which processes a notebook starts would inherit).
    argv: ['bash', '-c', `cd '${repoRoot.replace(/'/g, `'\\''`)}' && exec node --require ./lib/notebook/kernel-hints.cjs node_modules/tslab/bin/tslab kernel --config-path "$0"`, '{connection_file}'],
    display_name: 'TypeScript (sparse workspace)',
    language: 'typescript',
  };
}

/** Write the kernelspec (idempotent; rewritten so a moved checkout stays correct). Returns its path. */
export function ensureKernelspec(): string {
  const dir = path.join(jupyterHome, 'kernels', kernelName);
  const file = path.join(dir, 'kernel.json');
  const text = JSON.stringify(kernelspec(), null, 2) + '\n';
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}

export interface ExecuteOptions {
  /** Seconds a single cell may run. */
  cellTimeout?: number;
  /** Extra environment for the kernel (e.g. the paper preset). */
  env?: NodeJS.ProcessEnv;
  /** Write the executed notebook here instead of in place. */
  output?: string;
}

/** A notebook that failed; `cell` is the 0-based index in the notebook's cells (markdown included). */
export class NotebookError extends Error {
  constructor(readonly notebook: string, readonly cell: number | undefined, detail: string) {
    super(`${path.relative(repoRoot, notebook)}${cell !== undefined ? ` cell ${cell + 1}` : ''}: ${detail}`);
  }
}

/** Execute a notebook headless (Debian's nbclient through execute.py); rejects naming the failing cell and its error. */
export function executeNotebook(notebook: string, opts: ExecuteOptions = {}): Promise<void> {
  ensureKernelspec();
  const abs = path.resolve(notebook);
  const args = [path.join(__dirname, 'execute.py'), abs, path.resolve(opts.output ?? abs),
    String(opts.cellTimeout ?? 1800), kernelName, repoRoot];
  return new Promise((resolve, reject) => {
    const child = spawn(pythonBin, args, { cwd: repoRoot, env: jupyterEnv({ ...process.env, ...opts.env }), stdio: ['ignore', 'pipe', 'pipe'] });
    // If this process exits first (its launcher died, Ctrl-C), the executor and its kernel must not run on alone.
    const stop = () => child.kill();
    process.once('exit', stop);
    child.on('exit', () => process.removeListener('exit', stop));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('error', err => reject(new NotebookError(abs, undefined, `cannot start ${pythonBin}: ${err.message}`)));
    child.on('close', code => {
      const last = stdout.trim().split('\n').pop() ?? '';
      let outcome: { ok: boolean; cell?: number | null; error?: string } | undefined;
      try { outcome = JSON.parse(last); } catch { /* reported below */ }
      if (code === 0 && outcome?.ok) return resolve();
      const detail = outcome?.error ?? (stderr.trim().split('\n').pop() || `executor exited ${code}`);
      reject(new NotebookError(abs, outcome?.cell ?? undefined, detail));
    });
  });
}
