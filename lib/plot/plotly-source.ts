// Where plotly.js comes from: the installed plotly.js-dist bundle (no network, ever). Notebooks embed it, so they get
// a minified copy (11 MB → ~4.9 MB), made once with esbuild (installed with tsx) and cached under node_modules/.cache.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../base/repo-root';

export const plotlyPath: string = require.resolve('plotly.js-dist/plotly.js');

export function plotlyVersion(): string {
  return (JSON.parse(readFileSync(path.join(path.dirname(plotlyPath), 'package.json'), 'utf8')) as { version: string }).version;
}

type Minifier = { transformSync(code: string, options: object): { code: string } };

/** plotly.js source for embedding in a page: minified when esbuild is available, else the bundle as installed. */
export function plotlySourceForEmbedding(): string {
  const cached = path.join(repoRoot, 'node_modules', '.cache', 'sparse-plot', `plotly-${plotlyVersion()}.min.js`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const source = readFileSync(plotlyPath, 'utf8');
  let esbuild: Minifier;
  try { esbuild = require('esbuild') as Minifier; } catch { return source; }
  const { code } = esbuild.transformSync(source, { minify: true, legalComments: 'none' });
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(cached, code);
  return code;
}
