// Plotly names the i-th subplot's axes x/y, x2/y2, ... and their layout keys xaxis/yaxis, xaxis2/yaxis2, ...
// Builders with several panels place each one by paper-fraction domains computed here.

export interface AxisIds {
  x: string;
  y: string;
  xaxis: string;
  yaxis: string;
}

/** Axis ids of the i-th panel (0-based). */
export function axisIds(i: number): AxisIds {
  const suffix = i === 0 ? '' : String(i + 1);
  return { x: `x${suffix}`, y: `y${suffix}`, xaxis: `xaxis${suffix}`, yaxis: `yaxis${suffix}` };
}

/** Domains of `n` equal panels side by side (or stacked, reading top-down when `topDown`) with `gap` between them. */
export function splitDomain(n: number, gap: number, topDown = false): [number, number][] {
  const size = (1 - gap * (n - 1)) / n;
  const domains = Array.from({ length: n }, (_, i): [number, number] => [i * (size + gap), i * (size + gap) + size]);
  return topDown ? domains.reverse() : domains;
}

/** A label above a panel, in paper coordinates. */
export function panelTitle(text: string, x: number, y: number): Record<string, unknown> {
  return { text, x, y, xref: 'paper', yref: 'paper', xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: 14 } };
}
