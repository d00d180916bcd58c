// A table as a figure (Plotly table trace), e.g. the cost table: same export and display path as the plots.
import { makeFigure, type Figure, type FigureText } from '../figure';
import { houseMargin } from '../style';

export interface TableOptions extends FigureText {
  /** Relative column widths (default equal). */
  columnWidths?: readonly number[];
}

const headerHeight = 32, rowHeight = 28;

/** Cells are shown as given: format numbers (digits, units) before passing them. First column left, others right. */
export function table(columns: readonly string[], rows: readonly (readonly (string | number)[])[], opts: TableOptions): Figure {
  rows.forEach((row, i) => {
    if (row.length !== columns.length) throw new Error(`table: row ${i} has ${row.length} cells, expected ${columns.length}`);
  });
  const align = columns.map((_, c) => (c === 0 ? 'left' : 'right'));
  const margin = { l: 20, r: 20, t: opts.title ? houseMargin.t : 20, b: 20 };
  return makeFigure(opts, [{
    type: 'table',
    ...(opts.columnWidths ? { columnwidth: [...opts.columnWidths] } : {}),
    header: { values: columns.map(c => `<b>${c}</b>`), align, height: headerHeight, fill: { color: '#eeeeee' }, line: { color: '#cccccc' } },
    cells: { values: columns.map((_, c) => rows.map(r => r[c])), align, height: rowHeight, line: { color: '#dddddd' } },
  }], { margin, height: margin.t + margin.b + headerHeight + rowHeight * rows.length + 10 });
}
