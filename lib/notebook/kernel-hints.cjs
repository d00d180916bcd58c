// Preloaded into the project's tslab kernel (see kernelspec() in jupyter.ts). Plain JavaScript because it runs before
// anything compiles TypeScript. The kernel runs from the repository root, so a notebook anywhere imports the library
// as './lib/index'; a path written relative to the notebook's own folder ('../lib/index') fails with TypeScript's bare
// "Cannot find module", and this adds the one line that says what to write instead.
'use strict';
const { format } = require('node:util');

const WRONG_LIB_PATH = /Cannot find module '((?:\.\.\/)+|\/)?(?:[^']*\/)?lib\/[^']*'/;
const HINT = "hint: notebooks run from the repository root: import the library as './lib/index' (or './lib/<folder>/<module>'), wherever the notebook is";

const original = console.error.bind(console);
console.error = (...args) => {
  const text = format(...args);
  original(WRONG_LIB_PATH.test(text) && !/Cannot find module '\.\/lib\//.test(text) ? `${text}\n${HINT}` : text);
};
