// Bundles browser entry points with esbuild (Node side): one minified ES module per entry, for platform 'browser', so
// an import of a Node built-in fails the build instead of reaching a page. A few tens of milliseconds per build, so
// callers (the demo server, the tests) build at start-up rather than committing generated JS.
import * as path from 'node:path';
import { build } from 'esbuild';

/** The predictor's browser module (sparse-predictor.ts). */
export const predictorEntry = path.join(__dirname, 'sparse-predictor.ts');

export interface BundleOptions {
  /** Default true. */
  minify?: boolean;
  /** Imports left to the browser to resolve at run time (e.g. a sibling module the page loads by URL). */
  external?: string[];
}

/** The bundled JavaScript of `entry` and everything it imports, as one ES module. */
export async function bundleForBrowser(entry: string, opts: BundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022',
    minify: opts.minify ?? true, external: opts.external, legalComments: 'none', logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** The predictor's browser module as JavaScript text. */
export function buildPredictorModule(opts: BundleOptions = {}): Promise<string> {
  return bundleForBrowser(predictorEntry, opts);
}
