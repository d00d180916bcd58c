// Fan-in-aware initialisation. A unit of a sparse layer sums only its row's nnz inputs, so scaling by nIn (as a dense
// initialiser would) shrinks a 10%-density layer's pre-activations to ~1/3 of the intended scale. We use He-uniform
// with each unit's ACTUAL fan-in, for every layer (hidden ReLU layers and the output layer alike): one scheme, one
// code path, and the output logits start with variance ~2·E[x²], which softmax + Adam handle without trouble.
import { makeRng } from '../base/random';
import type { Csr } from '../topology/csr';

/** The rng stream of layer initialisation (kept apart from the topology generator's streams of the same seed). */
export const INIT_STREAM = 'sparse-dense/init';

/**
 * One value per edge in CSR order: uniform in ±sqrt(6 / fanIn_j), fanIn_j = nnz of row j.
 * Drawn in edge order, so both layer modes (masked kernel, sparse values) get bit-identical weights for one seed.
 */
export function heUniformFanIn(csr: Csr, seed: number): Float32Array {
  const rng = makeRng(seed, INIT_STREAM);
  const values = new Float32Array(csr.rowPtr[csr.nOut]);
  for (let j = 0; j < csr.nOut; j++) {
    const start = csr.rowPtr[j], end = csr.rowPtr[j + 1];
    const limit = Math.sqrt(6 / Math.max(1, end - start));
    for (let k = start; k < end; k++) values[k] = (2 * rng() - 1) * limit;
  }
  return values;
}

/**
 * Shared weights (a convolution's kernels): weight p uniform in ±sqrt(6 / fanIn[p]), fanIn being what one unit reading
 * it sums (its map's channels × kernel²), drawn in weight order from the same stream as heUniformFanIn.
 */
export function heUniformShared(fanIn: Int32Array, seed: number): Float32Array {
  const rng = makeRng(seed, INIT_STREAM);
  return Float32Array.from(fanIn, f => (2 * rng() - 1) * Math.sqrt(6 / Math.max(1, f)));
}
