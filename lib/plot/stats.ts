// The two statistics the figures print: Pearson's r and the least-squares line.

function checkPairs(xs: readonly number[], ys: readonly number[], what: string): void {
  if (xs.length !== ys.length) throw new Error(`${what}: xs and ys differ in length (${xs.length} vs ${ys.length})`);
  if (xs.length < 2) throw new Error(`${what}: needs at least 2 points (got ${xs.length})`);
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
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
