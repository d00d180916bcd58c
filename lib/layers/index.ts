// The layers module: importing it registers SparseDense with tfjs serialization (needed by tf.loadLayersModel).
export { SparseDense, sparseDense, type SparseDenseArgs } from './sparse-dense';
export { sparseMatMul } from './sparse-matmul';
export { heUniformFanIn, INIT_STREAM } from './init';
export { csrToConfig, csrFromConfig, isTopologySpec, type CsrConfig, type TopologyConfig } from './topology-config';
export { scatterToKernel, gatherFromKernel, kernelMask, carryOverValues, edgeSourceIndex } from './edge-values';
export { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from './file-io';
