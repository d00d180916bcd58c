// One way to time code, for every benchmark: calls in blocks, each block's time per call, and the median and minimum
// over blocks. The median resists the time other processes steal on a shared machine; the minimum is the best the code
// did. Report either beside a peer measured the same way in the same run, never as an absolute promise.
import { median } from './stats';

export interface TimingOptions {
  /** Blocks to time (≥ 1). */
  blocks: number;
  /** Calls per block; without it a block calls until it has lasted minBlockMs (µs-level calls need many per block). */
  callsPerBlock?: number;
  /** With callsPerBlock absent: the least a block lasts (default 0: one call) and the fewest calls it makes (default 1). */
  minBlockMs?: number;
  minCalls?: number;
  /** Untimed calls first (JIT, caches, buffers). */
  warmup?: number;
}

export interface Timing {
  /** Milliseconds per call in each block, in block order. */
  perCallMs: number[];
  medianMs: number;
  minMs: number;
}

/** Whether a block that has made `calls` calls in `elapsed` ms goes on. */
function blockGoesOn(opts: TimingOptions, calls: number, elapsed: number): boolean {
  return opts.callsPerBlock !== undefined ? calls < opts.callsPerBlock : calls < (opts.minCalls ?? 1) || elapsed < (opts.minBlockMs ?? 0);
}

/** Times `fn(i)`, i counting every call from 0 (warm-up calls included). */
export function timeCalls(fn: (i: number) => void, opts: TimingOptions): Timing {
  let i = 0;
  for (let w = 0; w < (opts.warmup ?? 0); w++) fn(i++);
  const perCallMs: number[] = [];
  for (let b = 0; b < opts.blocks; b++) {
    let calls = 0, elapsed = 0;
    const start = performance.now();
    while (blockGoesOn(opts, calls, elapsed)) {
      fn(i++);
      calls++;
      elapsed = performance.now() - start;
    }
    perCallMs.push(elapsed / calls);
  }
  return { perCallMs, medianMs: median(perCallMs), minMs: Math.min(...perCallMs) };
}

/** timeCalls for an API that answers with a promise (ONNX Runtime's session.run): each call awaited before the next. */
export async function timeAsyncCalls(fn: (i: number) => Promise<unknown>, opts: TimingOptions): Promise<Timing> {
  let i = 0;
  for (let w = 0; w < (opts.warmup ?? 0); w++) await fn(i++);
  const perCallMs: number[] = [];
  for (let b = 0; b < opts.blocks; b++) {
    let calls = 0, elapsed = 0;
    const start = performance.now();
    while (blockGoesOn(opts, calls, elapsed)) {
      await fn(i++);
      calls++;
      elapsed = performance.now() - start;
    }
    perCallMs.push(elapsed / calls);
  }
  return { perCallMs, medianMs: median(perCallMs), minMs: Math.min(...perCallMs) };
}
