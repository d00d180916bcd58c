// What a queued sweep takes from outside: the Redis URL a user types (the password must never reach a message) and
// the job data a worker reads back from Redis (anyone who can write there can put anything in it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRedisUrl } from '../../lib/base/redis-url';
import { expandGrid } from '../../lib/experiments/grid';
import { parseGridSpec } from '../../lib/experiments/grid-validate';
import { runKey } from '../../lib/experiments/run-key';
import { jobDataProblem } from '../../lib/experiments/queue/sweep-jobs';
import { describeCode, sameCode } from '../../lib/experiments/queue/code-version';

test('a Redis URL: host, port, database, user and password, shown with the password masked', () => {
  assert.deepEqual(parseRedisUrl('redis://alice:p%40ss%3Aword@db.example:6380/3', {}), {
    host: 'db.example', port: 6380, db: 3, username: 'alice', password: 'p@ss:word', tls: false,
    shown: 'redis://alice:***@db.example:6380/3',
  });
  assert.deepEqual(parseRedisUrl('redis://10.0.0.5', {}), {
    host: '10.0.0.5', port: 6379, db: 0, username: undefined, password: undefined, tls: false, shown: 'redis://10.0.0.5:6379/0',
  });
  assert.equal(parseRedisUrl('rediss://[::1]:7000/', {}).host, '::1');
  assert.equal(parseRedisUrl('rediss://[::1]:7000/', {}).tls, true);
});

test('the password comes from REDIS_PASSWORD when the URL has none; the URL wins when it has one', () => {
  const fromEnv = parseRedisUrl('redis://127.0.0.1:6379', { REDIS_PASSWORD: 'hunter2' });
  assert.deepEqual([fromEnv.password, fromEnv.shown], ['hunter2', 'redis://:***@127.0.0.1:6379/0']);
  assert.equal(parseRedisUrl('redis://:inurl@127.0.0.1', { REDIS_PASSWORD: 'hunter2' }).password, 'inurl');
  assert.equal(parseRedisUrl('redis://127.0.0.1', { REDIS_PASSWORD: '' }).password, undefined);
});

test('a bad Redis URL is one line that never repeats the password', () => {
  const cases: [string, RegExp][] = [
    ['http://:hunter2@127.0.0.1:6379', /scheme http: is not redis: or rediss:/],
    ['redis://:hunter2@127.0.0.1:6379/abc', /database "abc" is not a number/],
    ['redis://:hunter2@127.0.0.1:99999', /not a URL/],
    ['redis://:hunter2@127.0.0.1:6379/0?password=x', /query strings and fragments are not read/],
    ['not a url hunter2', /not a URL/],
    [`redis://${'a'.repeat(3000)}:hunter2@h`, /longer than 2048 characters/],
    ['redis://:hunter2%zz@127.0.0.1', /not valid percent-encoding/],
  ];
  for (const [url, expected] of cases) {
    assert.throws(() => parseRedisUrl(url, {}), (err: Error) => {
      assert.match(err.message, expected);
      assert.match(err.message, /^--queue: .*\(expected redis:\/\/\[user:password@\]HOST:PORT\[\/DB\]\)$/);
      assert.equal(err.message.includes('hunter2'), false, err.message);
      return true;
    });
  }
});

const config = expandGrid(parseGridSpec({ datasets: ['mnist'], archs: [[300, 100]], topologies: ['random'], densities: [0.1], seeds: [1] }))[0];
const code = { commit: 'a'.repeat(40), changes: '', lockfile: 'b'.repeat(12) };
const GiB = 2 ** 30;

test('job data from Redis: a run the worker can train passes; anything else is named', () => {
  assert.equal(jobDataProblem({ key: runKey(config), config, code }, 8 * GiB), undefined);
  const cases: [unknown, RegExp][] = [
    [null, /holds no run/],
    ['text', /holds no run/],
    [{ key: 'x', config, code }, /no run key/],
    [{ key: runKey(config), config }, /does not say which code/],
    [{ key: runKey(config), config: [1], code }, /has no config/],
    [{ key: runKey({ ...config, seed: 2 }), config, code }, /is not its config's run key/],
    [{ key: runKey({ ...config, density: 2 }), config: { ...config, density: 2 }, code }, /config is invalid: density must be in \(0, 1\]/],
    [{ key: runKey({ ...config, arch: 'x' as never }), config: { ...config, arch: 'x' as never }, code }, /config is invalid: arch/],
  ];
  for (const [data, expected] of cases) assert.match(jobDataProblem(data, 8 * GiB) ?? 'passed', expected);
});

test('job data from Redis: a run too big for this host is refused before any allocation', () => {
  const unbuildable = { ...config, arch: [100_000, 100_000], density: 1 };
  assert.match(jobDataProblem({ key: runKey(unbuildable), config: unbuildable, code }, 8 * GiB) ?? 'passed', /^layer 2 \(100000→100000\): .*more than the 2\^31-1 a CSR indexes$/);
  const huge = { ...config, arch: [20_000, 20_000], density: 1 };
  // 784·20000 + 20000·20000 + 20000·10 dense connections
  assert.equal(jobDataProblem({ key: runKey(huge), config: huge, code }, 8 * GiB), 'needs about 19.4 GiB of memory (415,880,000 connections) but 8.0 GiB is available');
  assert.match(jobDataProblem({ key: runKey(config), config, code }, 1e6) ?? 'passed', /needs about .* but .* is available/);
});

test('code versions: equal only when commit, uncommitted changes and lockfile all match', () => {
  assert.equal(sameCode(code, { ...code }), true);
  assert.equal(sameCode({ ...code, changes: '123456789abc' }, code), false);
  assert.equal(sameCode({ ...code, lockfile: 'c'.repeat(12) }, code), false);
  assert.equal(sameCode({ ...code, commit: 'd'.repeat(40) }, code), false);
  assert.equal(sameCode(undefined, code), false);
  assert.equal(describeCode(code), `commit ${'a'.repeat(12)}, lockfile ${'b'.repeat(12)}`);
  assert.equal(describeCode({ ...code, commit: `${'a'.repeat(40)}-dirty`, changes: '123456789abc' }), `commit ${'a'.repeat(12)}-dirty +changes 123456789abc, lockfile ${'b'.repeat(12)}`);
  assert.equal(describeCode(undefined), 'unknown code');
});
