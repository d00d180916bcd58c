// Picking, ordering and comparing stored runs (npm run results --runs --where --sort, --compare).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, parseSort, parseWhere, queryRuns } from '../../lib/experiments/run-query';
import { dense, stored } from '../fixtures/paper-records';

const runs = [stored({ topology: 'random' }, 0.84), stored({ topology: 'circulant' }, 0.9), stored({ topology: 'circulant', seed: 2 }, 0.88), dense(1, 0.92)];

test('where: every condition must hold; numbers match by value, text by text', () => {
  assert.deepEqual(parseWhere('topology=circulant, density=0.1'), [{ field: 'topology', value: 'circulant' }, { field: 'density', value: '0.1' }]);
  assert.deepEqual(queryRuns(runs, parseWhere('topology=circulant,density=0.10')).map(r => r.seed), [1, 2]);
  assert.deepEqual(queryRuns(runs, parseWhere('seed=2')).map(r => r.testAccuracy), [0.88]);
  assert.throws(() => parseWhere('topolgy=x,density'), { message: /^--where: 'topolgy=x', 'density' are not field=value \(fields: key, / });
});

test('sort: ascending by default, :desc descending, stored order among equals', () => {
  assert.deepEqual(queryRuns(runs, [], parseSort('testAccuracy:desc')).map(r => r.testAccuracy), [0.92, 0.9, 0.88, 0.84]);
  assert.deepEqual(queryRuns(runs, [], parseSort('density')).map(r => r.topology), ['random', 'circulant', 'circulant', 'dense']);
  assert.throws(() => parseSort('accuracy:up'), /--sort: 'accuracy:up' is not field\[:asc\|:desc\]/);
});

test('compare: config fields and results side by side, differences marked', () => {
  const rows = compareRuns(runs[1], runs[2]);
  assert.deepEqual(rows.filter(r => r.differs).map(r => [r.field, r.a, r.b]), [['seed', '1', '2'], ['testAccuracy', '0.9', '0.88']]);
  assert.deepEqual(rows.find(r => r.field === 'topology'), { field: 'topology', a: 'circulant', b: 'circulant', differs: false });
});
