// Magnitude pruning from the dense network to the run's density: gradually on TF-MOT's polynomial schedule, or once.
// Each prune keeps the largest-magnitude edges of the CURRENT graph, so a pruned connection never comes back.
import { epochStep, isPruneStep, keepCount, nextPruneStep, polynomialSparsity } from './schedule';
import { keepLargest } from './select';
import { sparseLayerIndices, targetNnz, type SparsityContext, type SparsityController } from './controller';
import type { SparsityConfig } from './config';

function pruneTo(ctx: SparsityContext, l: number, keep: number): void {
  const layer = ctx.network.layers[l];
  if (keep < layer.nnz) layer.setTopology(keepLargest(layer.csr, layer.edgeValues(), keep));
}

export function gradualPrune(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const begin = epochStep(s.begin!, ctx.stepsPerEpoch), end = epochStep(s.end!, ctx.stepsPerEpoch);
  const layers = sparseLayerIndices(ctx).map(l => {
    const layer = ctx.network.layers[l];
    const total = layer.csr.nIn * layer.csr.nOut;
    const target = targetNnz(layer, ctx.densities[l]);
    const schedule = { initial: 1 - layer.nnz / total, final: 1 - target / total, begin, end };
    return { l, total, target, schedule };
  });
  return {
    afterStep(t) {
      if (!isPruneStep(t, begin, end, s.updateEvery!)) return;
      for (const { l, total, target, schedule } of layers) pruneTo(ctx, l, keepCount(total, polynomialSparsity(t, schedule), target));
    },
    afterEpoch() {},
    nextStep: t => nextPruneStep(t, begin, end, s.updateEvery!),
    selectable: epoch => epoch * ctx.stepsPerEpoch >= end,
  };
}

export function oneShotPrune(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const at = epochStep(s.begin!, ctx.stepsPerEpoch);
  return {
    afterStep(t) {
      if (t === at) for (const l of sparseLayerIndices(ctx)) pruneTo(ctx, l, targetNnz(ctx.network.layers[l], ctx.densities[l]));
    },
    afterEpoch() {},
    nextStep: t => (t < at ? at : Infinity),
    selectable: epoch => epoch * ctx.stepsPerEpoch >= at,
  };
}
