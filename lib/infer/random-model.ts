// A SparseModel with the paper's layer graphs (random topology, one density for every layer) and freshly initialised
// weights (He-uniform by fan-in, small random biases), ReLU between layers and a linear output: what benchmarks and
// equivalence tests run when the values do not matter, only the work and the agreement between two implementations.
import { makeRng } from '../base/random';
import { heUniformFanIn } from '../layers/init';
import { allocateDensities } from '../topology/allocation';
import { networkSpecs } from '../topology/network';
import { generate } from '../topology/registry';
import type { Activation, SparseModel } from './model';

export function randomSparseModel(sizes: number[], density: number, seed = 1, hidden: Activation = 'relu', output: Activation = 'linear'): SparseModel {
  const rng = makeRng(seed, 'random-model/bias');
  const specs = networkSpecs('random', allocateDensities(sizes, density, 'uniform'), seed);
  return {
    layers: specs.map((spec, l) => {
      const csr = generate(spec, sizes[l], sizes[l + 1]);
      return {
        csr, spec, values: heUniformFanIn(csr, spec.seed), bias: Float32Array.from({ length: csr.nOut }, () => 0.1 * (rng() - 0.5)),
        activation: l === specs.length - 1 ? output : hidden,
      };
    }),
  };
}
