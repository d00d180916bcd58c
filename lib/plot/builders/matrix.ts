// Pictures of matrices: a layer's 0/1 adjacency (outputs × inputs) and a grid of MNIST digits with per-cell titles.
import { makeFigure, type Figure, type FigureText, type Trace } from '../figure';
import { defaultWidth, houseAxis, seriesColors } from '../style';
import { axisIds } from './subplots';

export interface AdjacencyOptions extends FigureText {
  /** Topology kind of the layer, for the colour of its edges. */
  topology?: string;
}

/** A 0/1 matrix in compressed rows: row j holds the columns colIdx[rowPtr[j] .. rowPtr[j+1]) (a layer's CSR graph). */
export interface SparsePattern {
  nIn: number;
  nOut: number;
  rowPtr: ArrayLike<number>;
  colIdx: ArrayLike<number>;
}

/** Heatmap of a (small) layer's connections: row j, column i is filled when input i feeds output j. */
export function adjacencyHeatmap(csr: SparsePattern, opts: AdjacencyOptions): Figure {
  const z = Array.from({ length: csr.nOut }, (_, j) => {
    const row = new Array<number>(csr.nIn).fill(0);
    for (let k = csr.rowPtr[j]; k < csr.rowPtr[j + 1]; k++) row[csr.colIdx[k]] = 1;
    return row;
  });
  const [color] = seriesColors([opts.topology]);
  // Cell borders only while cells are big enough to see them; beyond that they would hide the pattern.
  const gap = Math.max(csr.nIn, csr.nOut) <= 64 ? 1 : 0;
  const data: Trace[] = [{
    type: 'heatmap', z, zmin: 0, zmax: 1, colorscale: [[0, '#ffffff'], [1, color]], showscale: false,
    xgap: gap, ygap: gap, hovertemplate: 'input %{x} → output %{y}<extra></extra>',
  }];
  return makeFigure(opts, data, {
    xaxis: houseAxis('input', { showgrid: false, zeroline: false, constrain: 'domain' }),
    yaxis: houseAxis('output', { showgrid: false, zeroline: false, autorange: 'reversed', scaleanchor: 'x', constrain: 'domain' }),
    plot_bgcolor: '#ffffff',
  });
}

/** One image of the grid: `side`² pixels in [0, 1], row-major (e.g. an MNIST digit), and its caption. */
export interface ImageCell {
  pixels: ArrayLike<number>;
  title: string;
}

export interface ImageGridOptions extends FigureText {
  /** Images per row (default: up to 5). */
  columns?: number;
  /** Image side in pixels (default 28, MNIST). */
  side?: number;
}

// Pixel values rounded to 3 decimals: float32 values print with ~17 digits and would triple the spec's size.
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Images in a grid, each with its title above (e.g. "7 → dense 7 / 10% 1"). Cells are laid out in pixels so the
 * images stay square: the figure's height follows from its width and the number of rows.
 */
export function imageGrid(cells: readonly ImageCell[], opts: ImageGridOptions): Figure {
  if (cells.length === 0) throw new Error('imageGrid: no images');
  const side = opts.side ?? 28;
  const columns = Math.min(opts.columns ?? 5, cells.length);
  const rows = Math.ceil(cells.length / columns);
  const width = opts.width ?? defaultWidth;
  const margin = { l: 10, r: 10, t: opts.title ? 60 : 10, b: 10 };
  const titleBand = 24, gap = 10;
  const pitch = (width - margin.l - margin.r) / columns;
  const image = pitch - gap;
  const plotHeight = rows * (image + titleBand);
  const data: Trace[] = [];
  const layout: Record<string, unknown> = { margin, width, height: plotHeight + margin.t + margin.b, annotations: [] as unknown[] };
  cells.forEach((cell, i) => {
    if (cell.pixels.length !== side * side) throw new Error(`imageGrid: image ${i} has ${cell.pixels.length} pixels, expected ${side}×${side}`);
    const ids = axisIds(i);
    const row = Math.floor(i / columns), col = i % columns;
    const x0 = (col * pitch + gap / 2) / (pitch * columns);
    const top = 1 - (row * (image + titleBand) + titleBand) / plotHeight;
    const xDomain = [x0, x0 + image / (pitch * columns)];
    const yDomain = [top - image / plotHeight, top];
    data.push({
      type: 'heatmap', xaxis: ids.x, yaxis: ids.y, showscale: false, zmin: 0, zmax: 1,
      colorscale: [[0, '#ffffff'], [1, '#000000']],
      z: Array.from({ length: side }, (_, r) => Array.from({ length: side }, (_, c) => round3(cell.pixels[r * side + c]))),
      hovertemplate: `${cell.title}<br>(%{x}, %{y}) = %{z}<extra></extra>`,
    });
    const hidden = { visible: false, showgrid: false, zeroline: false, fixedrange: true };
    layout[ids.xaxis] = { ...hidden, domain: xDomain, anchor: ids.y, range: [-0.5, side - 0.5] };
    layout[ids.yaxis] = { ...hidden, domain: yDomain, anchor: ids.x, range: [side - 0.5, -0.5] };
    (layout.annotations as unknown[]).push({
      text: cell.title, x: (xDomain[0] + xDomain[1]) / 2, y: top, xref: 'paper', yref: 'paper',
      xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: 12 },
    });
  });
  return makeFigure({ ...opts, width }, data, layout);
}
