// Numbers in the notebooks' prose come from the data: these helpers format them and show computed markdown.
import { showMarkdown } from '../notebook/rich-output';

/** Show computed markdown: in a notebook as markdown, HTML and text (readable untrusted too), on a terminal as text. */
export const markdown = (text: string): void => showMarkdown(text);

/** 0.9734 → '97.34%' (digits after the point). */
export const percent = (fraction: number, digits = 2): string => `${(100 * fraction).toFixed(digits)}%`;

/** A difference of two fractions in percentage points: 0.0123 → '1.23 pp'. */
export const points = (fraction: number, digits = 2): string => `${(100 * fraction).toFixed(digits)} pp`;

/** 1234567 → '1,234,567'. */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Bytes in the largest unit that keeps a number ≥ 1: 1536 → '1.5 KiB'. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** A density as the percentage of connections kept: 0.1 → '10%', 0.005 → '0.5%'. */
export const densityLabel = (d: number): string => `${+(100 * d).toPrecision(3)}%`;

const escapeCell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A GitHub-flavoured markdown table. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [`| ${columns.map(escapeCell).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${r.map(escapeCell).join(' | ')} |`)].join('\n');
}
