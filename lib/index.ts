// The workspace's public face: what a notebook of one's own imports, from any folder of the repository, as
//   import { trainConfig, train, show, ... } from './lib/index';
// (the project kernel runs from the repository root, so './lib/index' is the specifier everywhere). Grouped by the
// path a study takes: data → graphs → networks → training → results → figures → deployment. Everything here is
// also importable from its own module; this file only chooses and documents.

/** Datasets: MNIST and Fashion-MNIST as checked IDX splits (images in [0, 1], labels 0..9). */
export { loadDataset, DATASET_NAMES, DATASET_SHAPES, labelCounts, type Dataset, type DataSplit, type DatasetName } from './data/datasets';
export { validationSplit } from './data/split';

/** Graphs between layers: generators by kind, their metrics (spectral gap, algebraic connectivity, degrees), budgets. */
export { generate, topologyKinds, expectedNnz } from './topology/registry';
export { layerMetrics, type LayerMetrics } from './topology/metrics';
export { allocateDensities } from './topology/allocation';
export { networkSpecs, reachableInputCounts } from './topology/network';
export { csrFromRows, validateCsr, type Csr } from './topology/csr';
export type { TopologyKind, TopologySpec } from './topology/spec';

/** Networks: the SparseDense tfjs layer, whole networks from a config, saving and loading. */
export { SparseDense, sparseDense, type SparseDenseArgs } from './layers/sparse-dense';
export { fileSystemHandler } from './layers/file-io';
export { sparseNetwork, type SparseNetworkOptions } from './train/network';
export { modelSnapshot, sparseLayers } from './engine/tfjs-model';
export { initBackend } from './base/tfjs-backend';

/** Training: the paper's recipe as defaults, one run, its record; fine-tune a model with train(config, { from }). */
export { trainConfig, PAPER_TRAINING } from './train/defaults';
export { train, trainRun, type TrainOptions, type TrainResult } from './train/run';
export type { TrainConfig, RunRecord, EpochMetrics } from './train/config';
export { SPARSITY_METHODS, type SparsityConfig, type SparsityMethod } from './sparsity/config';
export { chooseEngine, type EngineChoice } from './engine/choose';

/** Pruning a trained model by magnitude, per layer or globally, through the same mechanism as every method. */
export { pruneModel } from './engine/tfjs-prune';
export type { MagnitudePruneOptions } from './sparsity/magnitude';

/** Results: sweeps' stored runs, grouped into configurations; as tables or DataFrames. */
export { loadResults, resultsFileFor, defaultResultsDir, type StoredResult } from './experiments/result-store';
export { summarize, groupRuns, flattenResult, type SummaryRow, type FlatRecord } from './experiments/summary';
export { recordsFrame, summaryFrame } from './experiments/frames';
export { presets, resolveGrid } from './experiments/presets';
export { showTable, showMarkdown } from './notebook/rich-output';

/** Figures: generic builders in the house style; show() draws one in the notebook (exploration goes to build/scratch-figures/). */
export { show, showAll } from './plot/display';
export { lineChart, trainingCurves, accuracyVsDensity, adjacencyHeatmap, histogram, bar, scatter, imageGrid } from './plot/index';

/** Deployment: a trained model as a compact file, and the predictor that runs it without tfjs. */
export { exportTfjsModel } from './infer/export';
export { SparsePredictor } from './infer/predictor';
