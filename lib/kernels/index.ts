// Which sparse kernel implementation the project uses. (The native addon is wired in by the kernels work.)
import type { SparseKernels } from './contract';
import { typescriptKernels } from './typescript';

export type { SparseKernels, KernelName } from './contract';

export function sparseKernels(): SparseKernels {
  return typescriptKernels;
}
