// Magnitude pruning from the dense network to the run's density: gradually on TF-MOT's polynomial schedule, or once.
// Each prune keeps the largest-magnitude edges of the CURRENT graph, so a pruned connection never comes back.
import { rewire } from './rewire';
import { epochStep, isPruneStep, keepCount, polynomialSparsity } from './schedule';
import { keepLargest } from './select';
import { sparseLayerIndices, targetNnz, type SparsityContext, type SparsityController } from './controller';
import type { SparsityConfig } from './config';

function pruneTo(ctx: SparsityContext, l: number, keep: number): void {
  const layer = ctx.layers[l];
  if (keep < layer.nnz) rewire(layer, keepLargest(layer.csr, layer.edgeValues(), keep), ctx.optimizer);
}

export function gradualPrune(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const begin = epochStep(s.begin!, ctx.stepsPerEpoch), end = epochStep(s.end!, ctx.stepsPerEpoch);
  const layers = sparseLayerIndices(ctx).map(l => {
    const total = ctx.layers[l].csr.nIn * ctx.layers[l].csr.nOut;
    const target = targetNnz(ctx.layers[l], ctx.densities[l]);
    const schedule = { initial: 1 - ctx.layers[l].nnz / total, final: 1 - target / total, begin, end };
    return { l, total, target, schedule };
  });
  return {
    afterStep(t) {
      if (!isPruneStep(t, begin, end, s.updateEvery!)) return;
      for (const { l, total, target, schedule } of layers) pruneTo(ctx, l, keepCount(total, polynomialSparsity(t, schedule), target));
    },
    afterEpoch() {},
    selectable: epoch => epoch * ctx.stepsPerEpoch >= end,
  };
}

export function oneShotPrune(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const at = epochStep(s.begin!, ctx.stepsPerEpoch);
  return {
    afterStep(t) {
      if (t === at) for (const l of sparseLayerIndices(ctx)) pruneTo(ctx, l, targetNnz(ctx.layers[l], ctx.densities[l]));
    },
    afterEpoch() {},
    selectable: epoch => epoch * ctx.stepsPerEpoch >= at,
  };
}
