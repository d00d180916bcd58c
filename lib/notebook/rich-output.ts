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
