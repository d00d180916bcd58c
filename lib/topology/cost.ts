// What a network costs under a topology: parameters, multiply-adds per example and storage, per layer and in total.
// Storage formats (bytes):
//   dense   float32 weights + biases:                       4·(nIn·nOut + nOut)
//   csr     float32 values + biases, uint32 rowPtr (nOut+1), column indices in the narrowest unsigned type that holds
//           nIn−1 (uint8 if nIn ≤ 256, uint16 if nIn ≤ 65536, else uint32)
//   seed    float32 values + biases only: the indices are regenerated from the TopologySpec (a few bytes, ignored)
// Pure functions returning plain rows, so a notebook can render them as a table.
import type { TopologyKind } from './spec';
import { expectedNnz } from './registry';
import { allocateDensities, AllocationMethod, AllocationOptions, layerShapes } from './allocation';
import { fanInFor } from './validate';
import { indexTypeFor } from './csr';

export interface CostRow {
  /** Layer index, or 'total'. */
  layer: number | 'total';
  nIn: number;
  nOut: number;
  /** Kind actually used: a layer at density 1 is 'dense' whatever the requested kind. */
  kind: TopologyKind | 'mixed';
  /** Requested density for the layer (for the total row: achieved nnz / possible). */
  density: number;
  nnz: number;
  /** Weights + biases. */
  params: number;
  /** Multiply-adds per example (one per connection). */
  macs: number;
  denseBytes: number;
  csrBytes: number;
  seedBytes: number;
  /** Column-index type used in csrBytes. */
  indexType: 'uint8' | 'uint16' | 'uint32' | '-';
  /** Forward cost per example in Big-O. */
  complexity: string;
}

/** Defined with the CSR structure (the .spff reader needs it without this module's registry import). */
export { indexTypeFor };

const INDEX_BYTES = { uint8: 1, uint16: 2, uint32: 4 } as const;

const COMPLEXITY: Record<TopologyKind, (nIn: number, nOut: number, density: number) => string> = {
  dense: () => 'O(nIn·nOut)',
  random: () => 'O(nnz) = O(d·nIn·nOut)',
  regular: () => 'O(nnz) = O(d·nIn·nOut)',
  'pseudo-random': () => 'O(nnz) = O(d·nIn·nOut)',
  circulant: (nIn, _nOut, d) => `O(k·nOut), k=${fanInFor(d, nIn)} offsets stored once`,
  local: () => 'O(nnz) = O(k·nOut), seed-free',
  'small-world': () => 'O(nnz) = O(k·nOut)',
};

export function layerCost(layer: number, kind: TopologyKind, nIn: number, nOut: number, density: number): CostRow {
  const used: TopologyKind = density === 1 ? 'dense' : kind;
  const n = expectedNnz({ kind: used, density }, nIn, nOut);
  const indexType = indexTypeFor(nIn);
  const valuesAndBiases = 4 * (n + nOut);
  return {
    layer, nIn, nOut, kind: used, density, nnz: n, params: n + nOut, macs: n,
    denseBytes: 4 * (nIn * nOut + nOut),
    csrBytes: valuesAndBiases + 4 * (nOut + 1) + INDEX_BYTES[indexType] * n,
    seedBytes: valuesAndBiases,
    indexType,
    complexity: COMPLEXITY[used](nIn, nOut, density),
  };
}

/** Sum of the layer rows (density = achieved nnz over all possible connections). */
export function totalCost(rows: CostRow[]): CostRow {
  const sum = (f: (r: CostRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const kinds = new Set(rows.map(r => r.kind));
  const possible = sum(r => r.nIn * r.nOut);
  return {
    layer: 'total', nIn: rows[0].nIn, nOut: rows[rows.length - 1].nOut,
    kind: kinds.size === 1 ? rows[0].kind : 'mixed', density: sum(r => r.nnz) / possible,
    nnz: sum(r => r.nnz), params: sum(r => r.params), macs: sum(r => r.macs),
    denseBytes: sum(r => r.denseBytes), csrBytes: sum(r => r.csrBytes), seedBytes: sum(r => r.seedBytes),
    indexType: '-', complexity: kinds.size === 1 ? rows[0].complexity.split(',')[0] : 'Σ of the layers',
  };
}

/** Cost rows of every layer plus a final 'total' row, for explicit per-layer densities. */
export function costTable(sizes: number[], densities: number[], kind: TopologyKind): CostRow[] {
  const shapes = layerShapes(sizes);
  if (densities.length !== shapes.length) throw new Error(`cost: ${shapes.length} layers but ${densities.length} densities`);
  const rows = shapes.map(([nIn, nOut], l) => layerCost(l, kind, nIn, nOut, densities[l]));
  return [...rows, totalCost(rows)];
}

/** costTable with densities from an allocation method (allocation.ts). */
export function allocatedCostTable(
  sizes: number[], density: number, method: AllocationMethod, kind: TopologyKind, opts: AllocationOptions = {},
): CostRow[] {
  return costTable(sizes, allocateDensities(sizes, density, method, opts), kind);
}
