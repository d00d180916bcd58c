// A figure of the paper: a file-safe name (its files are figures/<name>.svg and .png), a caption for the figure
// index, and a plain Plotly spec. Builders return Figures and do no IO; export and display take them from there.
import { houseLayout, houseMargin } from './style';

/** One Plotly trace; `type` is always set so a spec never depends on Plotly's default trace type. */
export interface Trace {
  type: string;
  [key: string]: unknown;
}

export interface PlotSpec {
  data: Trace[];
  layout: Record<string, unknown>;
}

export interface Figure {
  name: string;
  caption: string;
  spec: PlotSpec;
}

/** Name, caption and optional title: the text every builder takes. */
export interface FigureText {
  name: string;
  /** For the figure index; exploration may leave it empty (a paper figure's index row needs one: see showAll). */
  caption?: string;
  /** Title drawn above the plot; none when omitted. */
  title?: string;
  width?: number;
  height?: number;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export function checkFigureName(name: string): void {
  if (!NAME.test(name)) throw new Error(`figure name '${name}' must match ${NAME} (lower-case letters, digits, dashes)`);
}

/** Assemble a Figure in the house style; `layout` overrides the house layout. */
export function makeFigure(text: FigureText, data: Trace[], layout: Record<string, unknown> = {}): Figure {
  checkFigureName(text.name);
  const sized: Record<string, unknown> = { ...layout };
  // Without a title the house top margin would be empty space; a builder's own margin still wins.
  sized.margin = { t: text.title !== undefined ? houseMargin.t : 30, ...(layout.margin as object | undefined) };
  if (text.width !== undefined) sized.width = text.width;
  if (text.height !== undefined) sized.height = text.height;
  if (text.title !== undefined) sized.title = { text: text.title };
  return { name: text.name, caption: text.caption ?? '', spec: { data, layout: houseLayout(sized) } };
}

/** Pixel size of a figure as exported (the house default unless its layout says otherwise). */
export function figureSize(fig: Figure): { width: number; height: number } {
  const { width, height } = fig.spec.layout as { width: number; height: number };
  return { width, height };
}
