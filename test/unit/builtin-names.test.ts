// Issue #13, items 11 and 12: names that every JavaScript object inherits (toString, constructor, __proto__) are not
// presets, grid fields, topology kinds or generator options; a negative number after a numeric flag is its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGridSpec } from '../../lib/experiments/grid-validate';
import { presets, resolveGrid } from '../../lib/experiments/presets';
import { validateSpec } from '../../lib/topology/registry';
import { parseFlags } from '../../lib/cli/args';

const BUILTINS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

test('--preset with a built-in name is an unknown preset', () => {
  for (const name of BUILTINS) {
    assert.throws(() => resolveGrid(name), { message: `unknown preset '${name}' (known: quick, paper, dynamic, fashion, structure, structure-fashion, width, cnn; or a path to a grid .json file)` });
  }
});

test('a grid key "__proto__" is not a grid field; built-in names are not topologies or datasets', () => {
  const grid = JSON.parse(JSON.stringify(presets.quick));
  const withProto = JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(grid).slice(1)}`);
  assert.throws(() => parseGridSpec(withProto), { message: /^__proto__ is not a grid field \(known: datasets, / });
  assert.throws(() => parseGridSpec({ ...grid, toString: 1 }), { message: /^toString is not a grid field/ });
  assert.throws(() => parseGridSpec({ ...grid, topologies: ['constructor'] }),
    { message: 'topologies[0] must be one of dense, random, regular, circulant, pseudo-random, local, small-world (got "constructor")' });
  assert.throws(() => parseGridSpec({ ...grid, datasets: ['__proto__'] }), { message: 'datasets[0] must be one of mnist, fashion-mnist (got "__proto__")' });
  const noSeeds = { ...grid };
  delete noSeeds.seeds;
  // An inherited key is no field: the grid takes the default seeds, not the prototype's.
  assert.deepEqual(parseGridSpec(Object.assign(Object.create({ seeds: [7] }), noSeeds)).seeds, [1]);
});

test('a generator option named like a built-in is an unknown option', () => {
  assert.throws(() => validateSpec({ kind: 'circulant', density: 0.1, seed: 1, options: { constructor: 'band' } }, 10, 10),
    { message: "topology: kind 'circulant' has no option 'constructor'" });
});

test('a negative number after a numeric flag is its value, and gets the flag\'s range message', () => {
  const def = { usage: 'x', summary: '', flags: {
    density: { type: 'number', min: 0, exclusiveMin: true, help: '' },
    seed: { type: 'int', default: 1, help: '' },
    name: { type: 'string', help: '' },
  } } as const;
  assert.throws(() => parseFlags(def, ['--density', '-1']), { message: '--density must be > 0 (got -1)' });
  assert.throws(() => parseFlags(def, ['--density', '-.5']), { message: '--density must be > 0 (got -.5)' });
  assert.equal(parseFlags(def, ['--seed', '-3']).flags.seed, -3);
  assert.equal(parseFlags(def, ['--seed=-3', '--density', '0.5']).flags.density, 0.5);
  assert.throws(() => parseFlags(def, ['--density', '--seed']), { message: "--density needs a value (one that starts with '-' is written --density=-VALUE)" });
  assert.throws(() => parseFlags(def, ['--name', '-x']), { message: "--name needs a value (one that starts with '-' is written --name=-VALUE)" });
});
