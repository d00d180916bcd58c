// The one table of benchmarks `npm run bench` knows. Add an entry per benchmark module.
import type { Benchmark } from './benchmark';
import { inferBenchmark } from './infer';
import { kernelsBenchmark } from './kernels';
import { scaleBenchmark } from './scale';
import { topologyBenchmark } from './topology';
import { trainBenchmark } from './train';
import { cnnBenchmark } from './cnn';
import { queueBenchmark } from './queue';

export const benchmarks: Benchmark[] = [
  kernelsBenchmark,
  topologyBenchmark,
  trainBenchmark,
  inferBenchmark,
  scaleBenchmark,
  cnnBenchmark,
  queueBenchmark,
];
