// How a layer names its graph: a generator kind plus density and seed (resolved by the topology registry).
export type TopologyKind = 'dense' | 'random' | 'regular' | 'circulant' | 'pseudo-random';

export interface TopologySpec {
  kind: TopologyKind;
  /** Fraction of the nIn·nOut possible connections, in (0, 1]. */
  density: number;
  seed: number;
  /**
   * Generator-specific options, validated by the topology registry (lib/topology/registry.ts, `generators[kind].options`):
   * circulant `offsets: 'spread' (default) | 'band'`. Other kinds take none; an unknown name or value is an error.
   */
  options?: Record<string, string | number | boolean>;
}
