// lib/plot: figure specs in the house style, static export through headless Chromium, notebook display.
export * from './figure';
export * from './style';
export * from './builders/lines';
export * from './builders/density';
export * from './builders/matrix';
export * from './builders/distribution';
export * from './builders/scatter';
export * from './builders/table';
export { exportFigures, figuresDir, type ExportedFigure, type ExportOptions, type ImageFormat } from './export';
export { updateFigureIndex, parseFigureIndex, renderFigureIndex, type IndexEntry } from './figure-index';
export { show, showAll, interactiveByDefault, type ShowOptions } from './display';
