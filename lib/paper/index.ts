// lib/paper: pure functions turning sweep results into the paper's tables, figures and computed prose, one module per
// section (import as './lib/paper/index' in notebooks: tslab cannot import a bare folder).
export * from './context';
export * from './prose';
export * from './stats';
export * from './baseline';
export * from './construction';
export * from './convolution';
export * from './cnn';
export * from './methods';
export * from './results';
export * from './examples';
export * from './gains';
export * from './expansion';
export * from './size';
export * from './future';
export * from './dataset-gap';
export * from './training-analysis';
export * from './rewired-graphs';
export * from './conclusion';
export * from './deployment';
export * from './pipeline';
export * from './tables';
export * from './section';
export * from './structure';
