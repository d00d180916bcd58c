// figures/README.md: one table row per figure (name, caption, the notebook that makes it, links to its files).
// Each notebook's export rewrites only its own rows, so notebooks can be re-run one at a time in any order.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface IndexEntry {
  name: string;
  caption: string;
  /** The notebook that makes the figure, as given by it (e.g. 'notebooks/03-density.ipynb'). */
  notebook: string;
  /** File names relative to the index's directory, e.g. ['x.svg', 'x.png']. */
  files: string[];
}

export const INDEX_FILE = 'README.md';
const HEADER = ['| Figure | Caption | Notebook | Files |', '| --- | --- | --- | --- |'];
const PREAMBLE = [
  '# Figures',
  '',
  'Every figure of the paper and the notebook that makes it (`npm run paper` regenerates them all).',
  'This index is written by the notebooks (lib/plot/figure-index.ts): each notebook\'s export rewrites its own rows.',
  '',
];

const escapeCell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const unescapeCell = (text: string) => text.trim().replace(/\\\|/g, '|');

/** Rows of an index written by renderFigureIndex; other lines are ignored. */
export function parseFigureIndex(markdown: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|') || HEADER.includes(line.trim())) continue;
    const cells = line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map(unescapeCell);
    if (cells.length !== 4) continue;
    const [name, caption, notebook, files] = cells;
    entries.push({ name, caption, notebook, files: [...files.matchAll(/\]\(([^)]+)\)/g)].map(m => m[1]) });
  }
  return entries;
}

/** Rows sorted by notebook, then name, so the file only changes when a figure does. */
export function renderFigureIndex(entries: readonly IndexEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.notebook.localeCompare(b.notebook) || a.name.localeCompare(b.name));
  const rows = sorted.map(e => {
    const links = e.files.map(f => `[${path.extname(f).slice(1)}](${f})`).join(' · ');
    return `| ${escapeCell(e.name)} | ${escapeCell(e.caption)} | ${escapeCell(e.notebook)} | ${links} |`;
  });
  return [...PREAMBLE, ...HEADER, ...rows, ''].join('\n');
}

/**
 * Replace `notebook`'s rows with `entries` (files given as paths, stored relative to `dir`). A row of another notebook
 * with the same figure name is dropped too: its files were just overwritten. Returns the index's path.
 */
export function updateFigureIndex(
  entries: readonly { name: string; caption: string; files: readonly string[] }[], notebook: string, dir: string,
): string {
  const file = path.join(dir, INDEX_FILE);
  const names = new Set(entries.map(e => e.name));
  const kept = existsSync(file) ? parseFigureIndex(readFileSync(file, 'utf8')).filter(e => e.notebook !== notebook && !names.has(e.name)) : [];
  const mine = entries.map(e => ({
    name: e.name, caption: e.caption, notebook,
    files: e.files.map(f => path.relative(dir, path.resolve(dir, f)).split(path.sep).join('/')),
  }));
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, renderFigureIndex([...kept, ...mine]));
  return file;
}
