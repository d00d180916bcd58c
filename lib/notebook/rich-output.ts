// Rich outputs that read right in every front end. Classic Notebook shows a notebook it did not run itself as "Not
// Trusted" and then drops text/markdown outputs entirely, while it sanitises and shows text/html (JupyterLab renders
// both). So each computed paragraph is sent as one output with three representations: the markdown (for nbconvert and
// editors), the same rendered to plain HTML (tables, emphasis, lists, code: nothing a sanitiser strips) and the text.
import { marked } from 'marked';
import { inNotebook } from '../base/environment';

type Bundle = Record<string, string>;

interface TslabJupyter {
  lastWriteDisplayData: ((data: { data: Bundle; metadata: object; transient: object }, update: boolean) => void) | null;
}

/** Markdown as HTML, synchronously, GitHub-flavoured (tables). */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true }) as string;
}

/** The representations one paragraph is sent with. */
export function markdownBundle(markdown: string): Bundle {
  return { 'text/markdown': markdown, 'text/html': markdownToHtml(markdown), 'text/plain': markdown };
}

/**
 * One display output holding several representations. tslab's public display API sends one MIME type per output, so
 * this calls the writer behind it (tslab 1.0.22, pinned; the notebook tests read the MIME types of every output).
 */
export function displayBundle(bundle: Bundle): void {
  const jupyter = require('tslab/dist/jupyter') as TslabJupyter;
  if (!jupyter.lastWriteDisplayData) throw new Error('displayBundle: not inside a running tslab kernel');
  jupyter.lastWriteDisplayData({ data: bundle, metadata: {}, transient: {} }, false);
}

/** A computed paragraph: in a notebook as markdown + HTML + text, on a terminal as its text. */
export function showMarkdown(markdown: string): void {
  if (inNotebook()) displayBundle(markdownBundle(markdown));
  else console.log(markdown);
}

/** Rows of a table: plain objects (summary rows, flattened runs) or anything with DataFrame-like columns and values. */
export type TableRows = readonly Record<string, unknown>[] | { columns: string[]; values: unknown[][] };

const cellText = (v: unknown): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v === null || v === undefined ? '' : String(v);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The table as [columns, rows of cell text]; `columns` picks and orders them (default: all, first-seen order). */
export function tableCells(data: TableRows, columns?: readonly string[]): { columns: string[]; rows: string[][] } {
  if (!Array.isArray(data)) {
    const frame = data as { columns: string[]; values: unknown[][] };
    const cols = columns ? [...columns] : frame.columns;
    const at = cols.map(c => frame.columns.indexOf(c));
    return { columns: cols, rows: frame.values.map(r => at.map(i => cellText(i >= 0 ? r[i] : undefined))) };
  }
  const rows = data as readonly Record<string, unknown>[];
  const cols = columns ? [...columns] : [...new Set(rows.flatMap(r => Object.keys(r)))];
  return { columns: cols, rows: rows.map(r => cols.map(c => cellText(r[c]))) };
}

/** An HTML table (sanitiser-safe: no styles) and the same as aligned text. */
export function tableBundle(data: TableRows, columns?: readonly string[]): Bundle {
  const t = tableCells(data, columns);
  const html = `<table>\n<thead><tr>${t.columns.map(c => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>\n<tbody>\n`
    + t.rows.map(r => `<tr>${r.map(v => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n') + '\n</tbody></table>';
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return { 'text/html': html, 'text/plain': [line(t.columns), ...t.rows.map(line)].join('\n') };
}

/** Show rows (or a DataFrame) as a table: HTML in a notebook, aligned text on a terminal. Resolves nothing to print. */
export function showTable(data: TableRows, columns?: readonly string[]): void {
  const bundle = tableBundle(data, columns);
  if (inNotebook()) displayBundle(bundle);
  else console.log(bundle['text/plain']);
}
