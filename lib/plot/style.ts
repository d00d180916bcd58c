// The house style every figure shares: one font, one default size, one margin set and one colour per topology kind,
// so a topology has the same colour in every figure of the paper. Colours are the Okabe–Ito colour-blind-safe set.
// The palette names the graph classes as strings: the plot layer draws, it does not import the topology layer.
export const topologyColors: Readonly<Record<string, string>> = {
  dense: '#000000',
  random: '#0072B2',
  regular: '#009E73',
  circulant: '#E69F00',
  'pseudo-random': '#CC79A7',
  local: '#D55E00',
  'small-world': '#882255',
};

/**
 * Colours for series that are not a topology (runs, seeds, methods, ...), used in order. Disjoint from topologyColors;
 * yellow comes last because thin lines of it are hard to see on white.
 */
export const otherColors: readonly string[] = ['#56B4E9', '#999999', '#44AA99', '#332288', '#AA4499', '#F0E442'];

export const defaultWidth = 800;
export const defaultHeight = 500;
export const houseFont = { family: 'Arial, "Liberation Sans", Helvetica, sans-serif', size: 14, color: '#222222' };
export const houseMargin = { l: 70, r: 30, t: 60, b: 60 };
const gridColor = '#e5e5e5';

export function isTopologyKind(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(topologyColors, name);
}

/**
 * One colour per series: its topology's colour when it names a kind, else the next unused non-topology colour. Two
 * series of one topology drawn alike (same `styles` entry, e.g. dash) would look like one line, so only the first of
 * them takes the topology's colour; series that differ in style (MNIST solid, Fashion-MNIST dashed) share it.
 */
export function seriesColors(topologies: readonly (string | undefined)[], styles: readonly (string | undefined)[] = []): string[] {
  let other = 0;
  const used = new Set<string>();
  return topologies.map((t, i) => {
    const key = `${t}|${styles[i] ?? ''}`;
    if (t !== undefined && isTopologyKind(t) && !used.has(key)) {
      used.add(key);
      return topologyColors[t];
    }
    return otherColors[other++ % otherColors.length];
  });
}

/** Distinct topology names in palette order, then any others alphabetically, so legends read alike everywhere. */
export function orderTopologies(names: Iterable<string>): string[] {
  const known = Object.keys(topologyColors);
  const rank = (t: string) => (known.includes(t) ? known.indexOf(t) : known.length);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Axis settings shared by all cartesian figures. */
export function houseAxis(title?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...(title !== undefined ? { title: { text: title } } : {}),
    gridcolor: gridColor, zerolinecolor: gridColor, linecolor: '#444444', showline: true, ticks: 'outside',
    automargin: true, ...extra,
  };
}

/** The base layout; builder-specific settings override it (font and margin merged key by key). */
export function houseLayout(layout: Record<string, unknown> = {}): Record<string, unknown> {
  const { font, margin, ...rest } = layout as { font?: object; margin?: object };
  return {
    width: defaultWidth, height: defaultHeight,
    paper_bgcolor: '#ffffff', plot_bgcolor: '#ffffff',
    legend: { bgcolor: 'rgba(255,255,255,0.8)' },
    ...rest,
    font: { ...houseFont, ...font },
    margin: { ...houseMargin, ...margin },
  };
}
