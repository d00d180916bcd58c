// A section of a notebook as data: its computed paragraphs and figures in the order they are shown. Section functions
// (lib/paper/*) decide what a section says and draws, including what it says when its results are missing, so a
// notebook cell only narrates and calls `showSection(...)`, and tests can read a section without a kernel.
import type { Figure } from '../plot/figure';
import { showAll } from '../plot/display';
import { markdown } from './prose';

export type SectionPart = { markdown: string } | { figures: Figure[] };

/** The parts in order: paragraphs as markdown, figures exported and shown (and indexed under `notebook`). */
export async function showSection(parts: readonly SectionPart[], notebook: string): Promise<void> {
  for (const part of parts) {
    if ('markdown' in part) markdown(part.markdown);
    else if (part.figures.length) await showAll(part.figures, notebook);
  }
}

/** The section's paragraphs joined, for tests and plain-text reports. */
export const sectionText = (parts: readonly SectionPart[]): string =>
  parts.flatMap(p => ('markdown' in p ? [p.markdown] : [])).join('\n\n');

/** The section's figures in order. */
export const sectionFigures = (parts: readonly SectionPart[]): Figure[] => parts.flatMap(p => ('figures' in p ? p.figures : []));
