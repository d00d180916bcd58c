// Workers that refused jobs, and why, kept in Redis beside the queue so the coordinator can say so: a worker of other
// code refuses and exits on its own host, and the coordinator, which may be on another, would otherwise only see
// its runs not progress. One field per worker name: the hash stays as small as the number of workers ever seen.
import type Redis from 'ioredis';
import { QUEUE_NAME } from './sweep-jobs';

const REFUSALS_KEY = `bull:${QUEUE_NAME}:refusals`;
export async function recordRefusal(client: Redis, worker: string, why: string): Promise<void> {
  await client.hset(REFUSALS_KEY, worker, `${new Date().toISOString()} ${why}`);
}

/** worker name → "ISO-time why". */
export async function readRefusals(client: Redis): Promise<Record<string, string>> {
  return client.hgetall(REFUSALS_KEY);
}
