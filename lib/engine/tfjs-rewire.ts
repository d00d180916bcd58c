// Applying a chosen edge set: the one place where the layer and the optimizer change together. The layer installs
// the graph (kept edges keep their weights, new edges start at 0); the optimizer's per-entry moments follow the
// layer's entry map, so kept edges keep their Adam state, new edges start with zero moments, and in masked mode a
// position that left the graph has zero moments and a zero gradient, so Adam leaves it at exactly 0.
import type { SparseDense } from '../layers/sparse-dense';
import type { Csr } from '../topology/csr';
import type { HostAdam } from '../optim/host-adam';

export function rewire(layer: SparseDense, csr: Csr, optimizer?: HostAdam): void {
  const change = layer.setTopology(csr);
  optimizer?.remapState(change.variable, change.sourceIndex);
}
