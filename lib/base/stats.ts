// The project's statistics, in one place: mean and sample sd over seeds, order statistics of timings, Pearson's r
// and the least-squares line, and grouping. Every figure, table, benchmark and CLI summary computes them here, so two
// numbers that should agree are computed the same way (and, for means, summed in the same order).

export interface MeanSd {
  mean: number;
  /** Sample sd (n − 1); null when n < 2. */
  sd: number | null;
  n: number;
}

/** Arithmetic mean, summed in order; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: null, n: 0 };
  const m = mean(values);
  if (n < 2) return { mean: m, sd: null, n };
  const ss = values.reduce((s, v) => s + (v - m) ** 2, 0);
  return { mean: m, sd: Math.sqrt(ss / (n - 1)), n };
}

/** The value at rank floor(q·n) of the sorted values (q = 0.5: the upper median), as timing reports quote it. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Items grouped by a string key, groups in order of first appearance. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item); else groups.set(k, [item]);
  }
  return groups;
}

function checkPairs(xs: readonly number[], ys: readonly number[], what: string): void {
  if (xs.length !== ys.length) throw new Error(`${what}: xs and ys differ in length (${xs.length} vs ${ys.length})`);
  if (xs.length < 2) throw new Error(`${what}: needs at least 2 points (got ${xs.length})`);
}

/** Centred sums of squares and cross-products, the common core of r and the fit. */
function moments(xs: readonly number[], ys: readonly number[]) {
  const mx = mean(xs), my = mean(ys);
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  return { mx, my, sxx, syy, sxy };
}

/** Pearson correlation coefficient; NaN when either variable is constant (r is undefined there). */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  checkPairs(xs, ys, 'pearson');
  const { sxx, syy, sxy } = moments(xs, ys);
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Least-squares line y = intercept + slope·x; throws when all xs are equal (no unique line). */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  checkPairs(xs, ys, 'linearFit');
  const { mx, my, sxx, sxy } = moments(xs, ys);
  if (sxx === 0) throw new Error('linearFit: all x values are equal');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * A percentile bootstrap interval of a statistic of paired samples: `resamples` draws of n pairs with replacement
 * (seeded: the same seed gives the same interval), the statistic of each, and its 2.5% and 97.5% quantiles for
 * level 0.95. Draws whose statistic is undefined (NaN: e.g. a constant resample for r) are left out.
 */
export function bootstrapInterval(xs: readonly number[], ys: readonly number[], statistic: (x: number[], y: number[]) => number,
  rng: () => number, resamples = 2000, level = 0.95): { low: number; high: number } {
  checkPairs(xs, ys, 'bootstrapInterval');
  const n = xs.length;
  const values: number[] = [];
  const bx = new Array<number>(n), by = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) { const t = Math.floor(rng() * n); bx[i] = xs[t]; by[i] = ys[t]; }
    const v = statistic(bx, by);
    if (!Number.isNaN(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: values[Math.floor(tail * (values.length - 1))], high: values[Math.ceil((1 - tail) * (values.length - 1))] };
}
