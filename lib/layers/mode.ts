// How a SparseDense layer computes (lib/layers/sparse-dense.ts): 'sparse' multiplies by the CSR graph directly, cost
// O(batch·nnz); 'masked' keeps a dense kernel and multiplies it by the graph's 0/1 mask, cost O(batch·nIn·nOut).
// Both train the same network from the same initial weights; masked works on any tfjs backend without the kernels.
export type LayerMode = 'sparse' | 'masked';

export const LAYER_MODES: readonly LayerMode[] = ['sparse', 'masked'];
