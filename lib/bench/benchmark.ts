// A benchmark measures speed or memory and returns one JSON-able result; `npm run bench -- NAME` runs it.
export interface BenchOptions {
  /** Fewer repetitions and sizes, for a fast check that the benchmark works. */
  quick: boolean;
  /** Print human-readable tables/progress to stdout (off under --json, where only the last line matters). */
  log: (line: string) => void;
}

export interface Benchmark {
  name: string;
  summary: string;
  run(opts: BenchOptions): Promise<Record<string, unknown>>;
}
