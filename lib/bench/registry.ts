// The one table of benchmarks `npm run bench` knows. Add an entry per benchmark module.
import type { Benchmark } from './benchmark';

export const benchmarks: Benchmark[] = [];
