// Static export: every figure of a call rendered in ONE headless Chromium page (launch ≈ 0.3 s, loading plotly.js
// ≈ 2–3 s on this machine, then ~0.1–0.3 s per image), written as figures/<name>.svg and .png.
// The page is a blank document with plotly.js from node_modules; every request is refused, so nothing is fetched.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { repoRoot } from '../base/repo-root';
import { debianNeeds, requireDebianPackages } from '../base/debian';
import { figureSize, type Figure } from './figure';
import { plotlyPath } from './plotly-source';
import { canonicalSvg } from './svg-canonical';

export type ImageFormat = 'svg' | 'png';

export interface ExportOptions {
  /** PNG pixels per layout pixel (default 1: an 800×500 figure is an 800×500 PNG). */
  scale?: number;
}

export interface ExportedFigure {
  name: string;
  caption: string;
  /** Absolute paths written, in the order of the formats asked for. */
  files: string[];
  /** The PNG's bytes when 'png' was among the formats (for display and embedding). */
  png?: Uint8Array;
}

export const chromiumPath = '/usr/bin/chromium';
// Playwright adds --headless and a fresh temporary --user-data-dir (removed on close) itself.
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where the paper's figures go: $FIGURES_DIR (relative paths from the repository root) or figures/ at the root. */
export function figuresDir(): string {
  return path.resolve(repoRoot, process.env.FIGURES_DIR || 'figures');
}

/**
 * Where figures shown while exploring go (show() without a notebook of the paper): build/scratch-figures/, or
 * $FIGURES_DIR when set, so trying a figure never overwrites the paper's figures/.
 */
export function scratchFiguresDir(): string {
  return process.env.FIGURES_DIR ? figuresDir() : path.join(repoRoot, 'build', 'scratch-figures');
}

/**
 * Render one figure in the page. Math.random is reseeded first because Plotly names clip paths and gradients
 * with random ids: seeded, the same figure gives byte-identical SVG on every run (clean diffs of figures/).
 */
function render(page: Page, fig: Figure, format: ImageFormat, scale: number): Promise<string> {
  const { width, height } = figureSize(fig);
  return page.evaluate(({ spec, options }) => {
    let state = 0x9e3779b9;
    Math.random = () => { // mulberry32
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const plotly = (globalThis as unknown as { Plotly: { toImage(s: unknown, o: unknown): Promise<string> } }).Plotly;
    return plotly.toImage(spec, options);
  }, { spec: fig.spec, options: { format, width, height, scale: format === 'png' ? scale : 1, imageDataOnly: true } });
}

function checkUniqueNames(figures: readonly Figure[]): void {
  const seen = new Set<string>();
  for (const f of figures) {
    if (seen.has(f.name)) throw new Error(`exportFigures: two figures named '${f.name}'`);
    seen.add(f.name);
  }
}

/** Write each figure as <dir>/<name>.<format>, all in one browser session. */
export async function exportFigures(
  figures: readonly Figure[], dir: string = figuresDir(), formats: readonly ImageFormat[] = ['svg', 'png'], opts: ExportOptions = {},
): Promise<ExportedFigure[]> {
  checkUniqueNames(figures);
  if (figures.length === 0) return [];
  requireDebianPackages(debianNeeds.figureExport, 'exporting figures');
  mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.route('**/*', route => route.abort());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: plotlyPath });
    const exported: ExportedFigure[] = [];
    for (const fig of figures) {
      const out: ExportedFigure = { name: fig.name, caption: fig.caption, files: [] };
      for (const format of formats) {
        const data = await render(page, fig, format, opts.scale ?? 1);
        const bytes = format === 'png' ? new Uint8Array(Buffer.from(data, 'base64')) : Buffer.from(canonicalSvg(data), 'utf8');
        const file = path.join(dir, `${fig.name}.${format}`);
        writeFileSync(file, bytes);
        out.files.push(file);
        if (format === 'png') out.png = bytes;
      }
      exported.push(out);
    }
    return exported;
  } finally {
    await browser.close();
  }
}
