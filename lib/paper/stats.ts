// Mean and sample standard deviation over seeds, and grouping helpers shared by the paper modules.

export interface MeanSd {
  mean: number;
  /** Sample sd (n − 1); null when n < 2. */
  sd: number | null;
  n: number;
}

export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: null, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sd: null, n };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)), n };
}

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

/** '784-300-100-10' → [784, 300, 100, 10]. */
export const archSizes = (arch: string): number[] => arch.split('-').map(Number);

/** A file-safe figure-name part: '784-300-100-10' stays, 'erdos-renyi' stays, '0.1' → '0p1'. */
export const nameSlug = (text: string | number): string => String(text).toLowerCase().replace(/\./g, 'p').replace(/[^a-z0-9-]+/g, '-');

/** Groups sorted by key, with the key 'dense' (the reference) first. */
export function denseFirst<T>(groups: ReadonlyMap<string, T>): Map<string, T> {
  return new Map([...groups.entries()].sort(([a], [b]) => (a === 'dense' ? -1 : b === 'dense' ? 1 : a.localeCompare(b))));
}
