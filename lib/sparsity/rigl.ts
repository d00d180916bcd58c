// RigL (Evci et al. 2020): every ΔT steps until T_end, drop the cosine-annealed fraction α/2·(1 + cos(πt/T_end)) of
// each sparse layer's smallest-magnitude edges and grow as many where the dense gradient on the current batch is
// largest (new weights start at zero); nnz stays constant.
import { rewire } from './rewire';
import { cosineDropFraction, epochStep, isPeriodicStep } from './schedule';
import { dropCount, riglRewire } from './select';
import { denseKernelGradients } from './dense-gradient';
import { sparseLayerIndices, type SparsityContext, type SparsityController } from './controller';
import type { SparsityConfig } from './config';

export function riglController(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const begin = epochStep(s.begin!, ctx.stepsPerEpoch), end = epochStep(s.end!, ctx.stepsPerEpoch);
  return {
    afterStep(t, batch) {
      if (!isPeriodicStep(t, begin, end, s.updateEvery!)) return;
      const fraction = cosineDropFraction(t, s.dropFraction!, end);
      const layers = sparseLayerIndices(ctx).filter(l => dropCount(ctx.layers[l].nnz, fraction) > 0);
      if (layers.length === 0) return;
      const gradients = denseKernelGradients(ctx.layers, batch);
      for (const l of layers) {
        const layer = ctx.layers[l];
        rewire(layer, riglRewire(layer.csr, layer.edgeValues(), dropCount(layer.nnz, fraction), gradients[l]), ctx.optimizer);
      }
    },
    afterEpoch() {},
    selectable: () => true,
  };
}
