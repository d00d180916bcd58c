// Which sparse kernel implementation the project uses: the native addon when it loads, else the TypeScript
// reference (with a one-line notice). SPARSE_KERNELS=native|typescript forces either.
import type { KernelName, SparseKernels } from './contract';
import { loadNative, nativeInfo, nativeKernels } from './native';
import { typescriptKernels } from './typescript';

export type { SparseKernels, KernelName } from './contract';

/** The active implementation and why it was chosen (for logs and the methods notebook). */
export interface KernelSelection {
  name: KernelName;
  reason: string;
  /** For native: the SIMD path and thread-pool size, e.g. "avx512, 2 threads". */
  detail?: string;
}

let chosen: { kernels: SparseKernels; selection: KernelSelection } | undefined;

function choose(): { kernels: SparseKernels; selection: KernelSelection } {
  const forced = process.env.SPARSE_KERNELS ?? '';
  if (forced !== '' && forced !== 'native' && forced !== 'typescript') {
    throw new Error(`SPARSE_KERNELS must be 'native' or 'typescript', got '${forced}'`);
  }
  if (forced === 'typescript') {
    return { kernels: typescriptKernels, selection: { name: 'typescript', reason: 'forced by SPARSE_KERNELS=typescript' } };
  }
  const load = loadNative();
  if (load.ok) {
    const info = nativeInfo()!;
    const reason = forced === 'native' ? 'forced by SPARSE_KERNELS=native' : 'native addon loaded';
    return { kernels: nativeKernels(), selection: { name: 'native', reason, detail: `${info.isa}, ${info.threads} threads` } };
  }
  if (forced === 'native') {
    throw new Error(`SPARSE_KERNELS=native but the native addon is unavailable: ${load.reason}; build it with \`npm run install\``);
  }
  const reason = `native addon unavailable: ${load.reason}`;
  process.stderr.write(`sparse kernels: using the TypeScript fallback (${reason})\n`);
  return { kernels: typescriptKernels, selection: { name: 'typescript', reason } };
}

export function sparseKernels(): SparseKernels {
  return (chosen ??= choose()).kernels;
}

export function kernelSelection(): KernelSelection {
  return (chosen ??= choose()).selection;
}
