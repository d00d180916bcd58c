// `npm run demo`: a page where one draws a digit and the predictor's browser module classifies it, with the model's
// and the module's bytes and the time per prediction. Serves until interrupted.
import { checkInput, printJson, runCli, UsageError } from './args';
import { displayPath } from '../base/repo-root';
import { statRegularFile } from '../base/read-file';
import { DEFAULT_MODEL, DEFAULT_PORT, ListenError, readDemoModel, startDemoServer } from '../demo/server';

runCli({
  usage: 'npm run demo --',
  summary: 'Serve the digit-drawing demo on 127.0.0.1: draw a digit, the page predicts it in the browser with the '
    + 'dependency-free predictor module and a .spff model, showing both sizes and the time per prediction.',
  flags: {
    port: { type: 'int', default: DEFAULT_PORT, min: 0, max: 65535, help: 'port to listen on (0: a free one; the URL is printed)' },
    model: { type: 'string', help: `a 784-input .spff model exported with --graph csr (default: ${displayPath(DEFAULT_MODEL)})` },
    json: { type: 'boolean', help: 'once listening, print one JSON object {url, port, model, modelBytes, moduleBytes} as the last line of stdout' },
  },
  epilog: 'Example: npm run demo -- --port 0\nThe model\'s recipe: data/models/README.md.',
}, async flags => {
  const model = flags.model ?? DEFAULT_MODEL; // the committed model, wherever the command runs from
  try { statRegularFile(model); } catch (err) { throw new UsageError(`--model ${(err as Error).message}`); }
  checkInput(() => readDemoModel(model)); // a model the page could not run: one line, before any bundling
  const server = await startDemoServer({ modelFile: model, port: flags.port }).catch(err => {
    throw err instanceof ListenError ? new UsageError(`--port ${err.message}`) : err;
  });
  const { assets } = server;
  const summary = { url: server.url, port: server.port, model: displayPath(model), modelBytes: assets.model.byteLength, moduleBytes: Buffer.byteLength(assets.moduleJs) };
  if (flags.json) printJson(summary);
  else {
    console.log(`demo: ${server.url}  (model ${summary.model}: ${assets.sizes.join('-')}, ${summary.modelBytes} bytes; `
      + `module ${summary.moduleBytes} bytes; together ${summary.modelBytes + summary.moduleBytes} bytes). Ctrl-C stops.`);
  }
  const stop = () => { server.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
