// The demo's web server (Node side): four fixed files on 127.0.0.1 and nothing else — the page, its script, the
// predictor's browser module and the model. Bundles are built in memory at start-up (esbuild, lib/infer/browser/
// build.ts) and the model is read and validated once, with the browser module's own reader, so a model the page
// could not load (a spec layer, a corrupt file) is refused here with one line before anything listens.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { MAX_BINARY_FILE_BYTES } from '../base/limits';
import { readRegularFile } from '../base/read-file';
import { repoRoot } from '../base/repo-root';
import { buildPredictorModule, bundleForBrowser } from '../infer/browser/build';
import { readModel } from '../infer/format-read';
import { modelSizes } from '../infer/model';

/** The model the demo serves unless told otherwise (how it was made: data/models/README.md). */
export const DEFAULT_MODEL = path.join(repoRoot, 'data', 'models', 'mnist-random-10.spff');
export const DEFAULT_PORT = 8765;

const pageDir = path.join(__dirname, 'page');

export interface DemoAssets {
  html: string;
  pageJs: string;
  moduleJs: string;
  model: Uint8Array;
  sizes: number[];
}

/** The model file's bytes and sizes, if the page can run it; otherwise a one-line error naming the file. */
export function readDemoModel(modelFile: string): { model: Uint8Array; sizes: number[] } {
  const model = readRegularFile(modelFile, MAX_BINARY_FILE_BYTES);
  const sizes = modelSizes(readModel(model, modelFile).model);
  if (sizes[0] !== 784) throw new Error(`${modelFile} takes ${sizes[0]} inputs, but the demo's drawings are 28×28 = 784 pixels`);
  return { model, sizes };
}

/** Everything the server sends. */
export async function demoAssets(modelFile: string): Promise<DemoAssets> {
  const { model, sizes } = readDemoModel(modelFile);
  const [pageJs, moduleJs] = await Promise.all([bundleForBrowser(path.join(pageDir, 'page.ts')), buildPredictorModule()]);
  return { html: readFileSync(path.join(pageDir, 'index.html'), 'utf8'), pageJs, moduleJs, model, sizes };
}

/** The port cannot be listened on (in use, or not allowed). */
export class ListenError extends Error {}

export interface DemoServer {
  url: string;
  port: number;
  assets: DemoAssets;
  close(): Promise<void>;
}

function routes(a: DemoAssets): Map<string, { type: string; body: string | Uint8Array }> {
  const js = 'text/javascript; charset=utf-8';
  return new Map([
    ['/', { type: 'text/html; charset=utf-8', body: a.html }],
    ['/page.js', { type: js, body: a.pageJs }],
    ['/sparse-predictor.js', { type: js, body: a.moduleJs }],
    ['/model.spff', { type: 'application/octet-stream', body: a.model }],
  ]);
}

/** Serve the demo on host:port (port 0: a free one); resolves once listening. */
export async function startDemoServer(opts: { modelFile?: string; port?: number; host?: string } = {}): Promise<DemoServer> {
  const assets = await demoAssets(opts.modelFile ?? DEFAULT_MODEL);
  const files = routes(assets);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = files.get(url.pathname === '/index.html' ? '/' : url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } else {
      res.writeHead(200, { 'content-type': file.type, 'content-length': Buffer.byteLength(file.body), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    }
  });
  const host = opts.host ?? '127.0.0.1', wanted = opts.port ?? DEFAULT_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new ListenError(err.code === 'EADDRINUSE' ? `${wanted}: the port is in use (0 picks a free one)` : `${wanted}: cannot listen on ${host}: ${err.message}`));
    });
    server.listen(wanted, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`, port, assets,
    close: () => new Promise(resolve => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
