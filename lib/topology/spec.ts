// How a layer names its graph: a generator kind plus density and seed (resolved by the topology registry).
export type TopologyKind = 'dense' | 'random' | 'regular' | 'circulant' | 'pseudo-random' | 'local' | 'small-world';

export interface TopologySpec {
  kind: TopologyKind;
  /** Fraction of the nIn·nOut possible connections, in (0, 1]. */
  density: number;
  seed: number;
  /**
   * Generator-specific options, validated by the topology registry (lib/topology/registry.ts, `generators[kind].options`):
   * circulant `offsets: 'band' (default) | 'spread'`; small-world `rewire`: the probability p in [0, 1] (default 0.1).
   * Other kinds take none; an unknown name or value is an error.
   */
  options?: Record<string, string | number | boolean>;
  /**
   * The input's 2-D shape [rows, cols] (rows·cols = nIn), for kinds that use the image's geometry (local, small-world):
   * a first layer on MNIST carries [28, 28]; a hidden layer has none, and those kinds fall back to the 1-D band.
   */
  inputShape?: [number, number];
}
