// Sparse Evolutionary Training: every update replaces the fraction ζ of each sparse layer's smallest-magnitude edges
// with as many random new ones (zero-initialised); nnz stays constant. Per epoch by default, or every N steps.
import { makeRng } from '../base/random';
import { epochStep, isPeriodicStep, nextPeriodicStep } from './schedule';
import { dropCount, setRewire } from './select';
import { sparseLayerIndices, type SparsityContext, type SparsityController } from './controller';
import type { SparsityConfig } from './config';

export function setController(s: SparsityConfig, ctx: SparsityContext): SparsityController {
  const update = (step: number) => {
    for (const l of sparseLayerIndices(ctx)) {
      const layer = ctx.network.layers[l];
      // A stream per layer and update step: the regrowth is reproducible and independent of other draws.
      const rng = makeRng(ctx.seed, `sparsity/set/layer${l}/step${step}`);
      layer.setTopology(setRewire(layer.csr, layer.edgeValues(), dropCount(layer.nnz, s.dropFraction!), rng));
    }
  };
  const begin = epochStep(s.begin!, ctx.stepsPerEpoch), end = epochStep(s.end!, ctx.stepsPerEpoch);
  return {
    afterStep(t) {
      if (s.updateEvery !== undefined && isPeriodicStep(t, begin, end, s.updateEvery)) update(t);
    },
    afterEpoch(epoch) {
      if (s.updateEvery === undefined && epoch >= s.begin! && epoch <= s.end!) update(epoch * ctx.stepsPerEpoch);
    },
    nextStep: t => (s.updateEvery === undefined ? Infinity : nextPeriodicStep(t, begin, end, s.updateEvery)),
    selectable: () => true,
  };
}
