// Figures in tslab notebooks. Static (default): export svg+png to figures/ and show the PNG, so an executed notebook
// reads anywhere (GitHub, VS Code, nbviewer) without a kernel or JavaScript. Interactive (FIGURES_INTERACTIVE=1 or
// { interactive: true }): plotly.js is embedded once per kernel session and each figure is a live Plotly div; the files
// are still exported. Outside a notebook, figures are exported and their paths printed.
import { randomBytes } from 'node:crypto';
import { inNotebook } from '../base/environment';
import { exportFigures, figuresDir, scratchFiguresDir, type ExportedFigure } from './export';
import { figureSize, type Figure } from './figure';
import { updateFigureIndex } from './figure-index';
import { plotlySourceForEmbedding } from './plotly-source';

export interface ShowOptions {
  /** Live Plotly figure instead of a PNG (default: FIGURES_INTERACTIVE=1). */
  interactive?: boolean;
  /** Output directory (default: with a paper notebook named, figures/ or $FIGURES_DIR; otherwise build/scratch-figures/). */
  dir?: string;
  /** PNG pixels per layout pixel (default 1). */
  scale?: number;
}

/** Interactive only when asked: embedding plotly.js adds ~4.9 MB (minified) to every saved notebook. */
export function interactiveByDefault(): boolean {
  return process.env.FIGURES_INTERACTIVE === '1';
}

type Tslab = typeof import('tslab');
// tslab is only loadable inside the kernel; required lazily so plain node never touches it.
const tslab = (): Tslab => require('tslab') as Tslab;

// JSON inside a <script>: '<' escaped so no string in a spec can close the script element.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

let plotlyEmbedded = false;

/** HTML that draws one figure with plotly.js (expected on the page already); pure, for tests. */
export function interactiveHtml(fig: Figure, elementId: string): string {
  const { width, height } = figureSize(fig);
  // The text inside the div is what an untrusted notebook shows: Jupyter drops its scripts, so nothing replaces it.
  return `<div id="${elementId}" style="width:${width}px;height:${height}px">Interactive figure '${fig.name}': trust the notebook `
    + `(File › Trust Notebook) or re-run it to see it; the static image is figures/${fig.name}.png.</div>\n<script>(function () {\n`
    + `  var el = document.getElementById(${scriptJson(elementId)});\n`
    + `  if (!window.Plotly) { el.textContent = 'plotly.js is not loaded on this page: re-run the notebook.'; return; }\n`
    + `  el.textContent = '';\n`
    + `  window.Plotly.newPlot(el, ${scriptJson(fig.spec.data)}, ${scriptJson(fig.spec.layout)}, { displaylogo: false });\n`
    + `})();</script>`;
}

function displayInteractive(fig: Figure): void {
  const display = tslab().display;
  if (!plotlyEmbedded) {
    // Scripts in HTML outputs run in Jupyter Notebook/Lab for trusted outputs: those of the user's own session are;
    // a notebook executed elsewhere must be trusted first (`jupyter trust`), else the figures say so.
    display.html(`<script>${plotlySourceForEmbedding().replace(/<\/script/gi, '<\\/script')}</script>`);
    plotlyEmbedded = true;
  }
  // A random id: after a kernel restart, divs from the previous session are still on the page.
  display.html(interactiveHtml(fig, `plot-${fig.name}-${randomBytes(4).toString('hex')}`));
}

// Figures exported for each notebook in this process: the index rows of a notebook are those it showed,
// so a full run (npm run paper) leaves exactly its current figures in figures/README.md.
const shownByNotebook = new Map<string, Map<string, ExportedFigure>>();

function recordForIndex(notebook: string, exported: readonly ExportedFigure[], dir: string): string {
  const shown = shownByNotebook.get(`${dir}\n${notebook}`) ?? new Map<string, ExportedFigure>();
  shownByNotebook.set(`${dir}\n${notebook}`, shown);
  for (const e of exported) shown.set(e.name, e);
  return updateFigureIndex([...shown.values()], notebook, dir);
}

/**
 * Export figures (svg + png, one browser session), record them in the figure index under `notebook` (when given)
 * and display them: PNGs or live plots in a notebook, file paths on the console elsewhere. Resolves to nothing, so as
 * the last line of a cell it prints nothing but the figures. A paper notebook names itself and writes figures/;
 * exploration (no notebook) writes build/scratch-figures/.
 */
export async function showAll(figs: readonly Figure[], notebook?: string, opts: ShowOptions = {}): Promise<void> {
  await exportAndShow(figs, notebook, opts);
}

/** showAll, returning what was written (for tests and tools). */
export async function exportAndShow(figs: readonly Figure[], notebook?: string, opts: ShowOptions = {}): Promise<ExportedFigure[]> {
  const uncaptioned = notebook !== undefined ? figs.find(f => !f.caption.trim()) : undefined;
  if (uncaptioned) throw new Error(`figure '${uncaptioned.name}' needs a caption: ${notebook} lists it in the figure index`);
  const dir = opts.dir ?? (notebook !== undefined ? figuresDir() : scratchFiguresDir());
  const exported = await exportFigures(figs, dir, ['svg', 'png'], { scale: opts.scale });
  const index = notebook !== undefined ? recordForIndex(notebook, exported, dir) : undefined;
  if (!inNotebook()) {
    for (const e of exported) console.log(`${e.name}: ${e.files.join(', ')}`);
    if (index) console.log(`index: ${index}`);
    return exported;
  }
  const interactive = opts.interactive ?? interactiveByDefault();
  exported.forEach((e, i) => (interactive ? displayInteractive(figs[i]) : tslab().display.png(e.png as Uint8Array)));
  return exported;
}

/** One figure; see showAll. Several figures in one call share a browser session (≈ 3 s saved per figure). */
export async function show(fig: Figure, opts: ShowOptions & { notebook?: string } = {}): Promise<void> {
  await exportAndShow([fig], opts.notebook, opts);
}
