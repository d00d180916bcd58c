// The project's resource limits, in one place: every size a file or a flag can ask for is checked against one of these
// (or against the bytes actually present) before anything is allocated, so a small hostile input fails in
// milliseconds with one line instead of costing gigabytes. README.md ("Limits") lists the same numbers.

/** Largest binary input read whole: an IDX data file (raw, or its bytes after gunzip), a weights.bin, a .spff model. */
export const MAX_BINARY_FILE_BYTES = 2 ** 30;

/** Largest JSON or JSON Lines input: a grid file, a model.json, a results.jsonl (the paper's is about 1 MB). */
export const MAX_TEXT_FILE_BYTES = 2 ** 27;

/**
 * Units of one layer (its inputs or outputs) in a model file or a training config: 2^20 = 1,048,576 (the paper's widest
 * layer has 1000). A layer's buffers grow with batch × units whatever its connections, so width needs its own limit.
 */
export const MAX_LAYER_UNITS = 2 ** 20;

/** Runs in one grid, counted as the product of its axes before duplicates merge (the paper grid: 480 → 258 runs). */
export const MAX_GRID_RUNS = 10_000;
