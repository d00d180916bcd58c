// What `npm ci` needs on a machine that reaches only the npm registry and Debian: onnxruntime-node's install script
// would fetch GPU binaries from api.nuget.org (unreachable here: `npm ci` fails with ENOTFOUND); the project .npmrc
// tells it to skip that and keep the CPU binary its npm package bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

test('.npmrc skips onnxruntime-node\'s download, and the dependency is the version the lockfile pins', () => {
  const lines = fs.readFileSync(path.join(root, '.npmrc'), 'utf8').split('\n').map(l => l.trim());
  assert.ok(lines.includes('onnxruntime-node-install=skip'), lines.join('\n'));
  assert.equal(readJson('package-lock.json').packages['node_modules/onnxruntime-node'].version, readJson('package.json').dependencies['onnxruntime-node']);
});

test('the installed onnxruntime-node loads with its bundled CPU binary', () => {
  const ort = require('onnxruntime-node');
  assert.equal(ort.env.versions.node, readJson('package.json').dependencies['onnxruntime-node']);
});
