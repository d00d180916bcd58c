// Which input feature maps each output map of a convolution reads: a small bipartite graph (outChannels rows ×
// inChannels columns) from the project's graph registry at a density, or LeCun et al. 1998's table for LeNet-5's C3.
import { csrFromRows, type Csr } from './csr';
import { generate, topologyKinds } from './registry';
import type { TopologyKind } from './spec';

export type ChannelTopology = TopologyKind | 'c3';

/**
 * LeNet-5's C3 table (LeCun et al. 1998, table I): maps 0–5 read 3 contiguous S2 maps, 6–11 read 4 contiguous, 12–14
 * read 4 non-contiguous, 15 reads all 6 (cyclically). 60 of the 96 pairs.
 */
export const C3_TABLE: readonly (readonly number[])[] = [
  [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5],
  [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5],
  [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];

/** Every class of the registry (local and small-world read the maps as a 1-D band) and C3. */
export const CHANNEL_TOPOLOGIES: readonly ChannelTopology[] = [...topologyKinds, 'c3'];

/** The table for `kind` (density and seed as the registry takes them; C3 is fixed and only 6 → 16). */
export function channelTable(kind: ChannelTopology, inChannels: number, outChannels: number, density: number, seed: number): Csr {
  if (kind === 'c3') {
    if (inChannels !== 6 || outChannels !== 16) throw new Error(`channel table: c3 connects 6 maps to 16, not ${inChannels} to ${outChannels}`);
    return csrFromRows(6, C3_TABLE.map(r => [...r]));
  }
  return generate({ kind, density, seed }, inChannels, outChannels);
}
