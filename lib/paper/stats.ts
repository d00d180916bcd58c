// Naming and ordering helpers of the paper modules (statistics themselves live in lib/base/stats).
/** '784-300-100-10' → [784, 300, 100, 10]. */
export const archSizes = (arch: string): number[] => arch.split('-').map(Number);

/** A file-safe figure-name part: '784-300-100-10' stays, 'erdos-renyi' stays, '0.1' → '0p1'. */
export const nameSlug = (text: string | number): string => String(text).toLowerCase().replace(/\./g, 'p').replace(/[^a-z0-9-]+/g, '-');

/** Groups sorted by key, with the key 'dense' (the reference) first. */
export function denseFirst<T>(groups: ReadonlyMap<string, T>): Map<string, T> {
  return new Map([...groups.entries()].sort(([a], [b]) => (a === 'dense' ? -1 : b === 'dense' ? 1 : a.localeCompare(b))));
}
