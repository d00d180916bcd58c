// Table figures of the paper: the plot library's table with room for two-line column headers, which the paper's
// descriptive headers ("% of dense accuracy") wrap to and the builder's one-line header height would clip.
import type { Figure } from '../plot/figure';
import { table, type TableOptions } from '../plot/builders/table';

/** Extra pixels for a second header line. */
export const WRAPPED_HEADER_EXTRA = 24;

export function paperTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[], opts: TableOptions): Figure {
  const fig = table(columns, rows, opts);
  if (opts.height !== undefined) return fig;
  const height = (fig.spec.layout.height as number) + WRAPPED_HEADER_EXTRA;
  return { ...fig, spec: { ...fig.spec, layout: { ...fig.spec.layout, height } } };
}
