// RigL (Evci et al. 2020): every ΔT steps until T_end, drop the cosine-annealed fraction α/2·(1 + cos(πt/T_end)) of
// each sparse layer's smallest-magnitude edges and grow as many where the dense gradient on the current batch is
// largest (new weights start at zero); nnz stays constant. The engine ranks the gradient (RewirableNetwork.growEdges),
// block by block on the native one, so no nOut×nIn gradient need exist.
import { cosineDropFraction, epochStep, isPeriodicStep, nextPeriodicStep } from './schedule';
import { dropCount, mergeEdges, riglKept } from './select';
import { sparseLayerIndices, type SparsityContext, type SparsityController } from './controller';
import type { SparsityConfig } from './config';

export function riglController(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const begin = epochStep(s.begin!, ctx.stepsPerEpoch), end = epochStep(s.end!, ctx.stepsPerEpoch);
  return {
    afterStep(t, batch) {
      if (!isPeriodicStep(t, begin, end, s.updateEvery!)) return;
      const fraction = cosineDropFraction(t, s.dropFraction!, end);
      // Every layer's gradient is taken with the weights after step t, before any layer of this update changes.
      const plans = sparseLayerIndices(ctx).flatMap(l => {
        const layer = ctx.network.layers[l];
        const drop = dropCount(layer.nnz, fraction);
        if (drop === 0) return [];
        const kept = riglKept(layer.csr, layer.edgeValues(), drop);
        return [{ l, kept, grown: ctx.network.growEdges(l, batch, kept, drop) }];
      });
      for (const { l, kept, grown } of plans) ctx.network.layers[l].setTopology(mergeEdges(kept, grown));
    },
    afterEpoch() {},
    nextStep: t => nextPeriodicStep(t, begin, end, s.updateEvery!),
    selectable: () => true,
  };
}
