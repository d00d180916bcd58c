// Reaching the Redis server a queued sweep runs on: a check that answers in one line within seconds (unreachable,
// wrong password, too old), and the connection options BullMQ's queue, workers and event readers are given.
import type { ConnectionOptions } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../../base/redis-url';

/** BullMQ's own floor for the Redis server. */
const MIN_REDIS = [5, 0, 0];

const CHECK_TIMEOUT_MS = 3000;

/** Options for a Redis client of this target (the password goes only here). */
export function redisOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host, port: target.port, db: target.db, username: target.username, password: target.password,
    ...(target.tls ? { tls: { servername: target.host } } : {}),
    connectTimeout: CHECK_TIMEOUT_MS,
    // BullMQ's blocking workers need requests that wait through a reconnection instead of failing after 20 tries.
    maxRetriesPerRequest: null,
  };
}

/** The same, as BullMQ's queues and workers take them (it builds its ioredis clients from them). */
export const bullConnection = (target: RedisTarget): ConnectionOptions => redisOptions(target) as ConnectionOptions;

/** A plain client for the few keys the sweep keeps beside BullMQ's (refusals). */
export const sideClient = (target: RedisTarget): Redis => new Redis(redisOptions(target));

/**
 * Connect once, log in and ask the server's version; throw one line naming the target by its masked URL when any of
 * it fails. A sweep or worker calls this before touching anything, so a wrong URL costs no partial work.
 */
export async function checkRedis(target: RedisTarget): Promise<{ version: string }> {
  const client = new Redis({
    ...redisOptions(target), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false,
  });
  let first: (Error & { code?: string }) | undefined;
  client.on('error', err => { first ??= err; });
  const timer = setTimeout(() => client.disconnect(), CHECK_TIMEOUT_MS + 500);
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const parts = version.split('.').map(Number);
    const tooOld = parts.length === 3 && parts.every(Number.isFinite) &&
      (parts[0] - MIN_REDIS[0] || parts[1] - MIN_REDIS[1] || parts[2] - MIN_REDIS[2]) < 0;
    if (tooOld) throw new Error(`Redis at ${target.shown} is version ${version}; BullMQ needs ${MIN_REDIS.join('.')} or later`);
    return { version };
  } catch (err) {
    throw new Error(redisProblem(target, first ?? (err as Error)));
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** One line for a failed connection; the password is not part of any message Redis or the socket gives. */
function redisProblem(target: RedisTarget, err: Error & { code?: string }): string {
  const where = `Redis at ${target.shown}`;
  const message = err.message ?? String(err);
  if (/^NOAUTH/.test(message)) return `${where} needs a password: put it in the URL (redis://:PASSWORD@host:port) or in REDIS_PASSWORD`;
  if (/^WRONGPASS|invalid password/i.test(message)) return `${where} refused the login: wrong user or password`;
  if (err.code === 'ECONNREFUSED') return `cannot reach ${where}: connection refused (is redis-server running there?)`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `cannot reach ${where}: unknown host ${target.host}`;
  if (err.code === 'ETIMEDOUT' || /Connection is closed|timeout/i.test(message)) return `cannot reach ${where}: no answer within ${CHECK_TIMEOUT_MS / 1000} s`;
  if (message.startsWith('Redis at ')) return message;
  return `cannot use ${where}: ${message.split('\n')[0]}`;
}
