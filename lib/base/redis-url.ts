// Where a Redis server is and how to log in: redis://[user:password@]host:port[/db] (rediss:// for TLS), the password
// from the URL or from REDIS_PASSWORD. The password never leaves this object except to the Redis client: `shown` is
// the URL with it masked, the only form that is printed or stored.

export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with any password replaced by ***: safe for messages and records. */
  shown: string;
}

export const REDIS_PASSWORD_ENV = 'REDIS_PASSWORD';

/** Parse a Redis URL, or throw one line that never contains the password. */
export function parseRedisUrl(text: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const fail = (why: string): never => {
    throw new Error(`--queue: ${why} (expected redis://[user:password@]HOST:PORT[/DB])`);
  };
  if (text.length > 2048) fail('the URL is longer than 2048 characters');
  let url: URL;
  try { url = new URL(text); } catch { return fail('not a URL'); }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') fail(`scheme ${url.protocol} is not redis: or rediss:`);
  if (!url.hostname) fail('no host');
  if (url.search || url.hash) fail('query strings and fragments are not read');
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,9}$/.test(dbText)) fail(`database "${dbText}" is not a number`);
  let username: string | undefined, password: string | undefined;
  try {
    username = url.username ? decodeURIComponent(url.username) : undefined;
    password = url.password ? decodeURIComponent(url.password) : undefined;
  } catch { fail('the user or password is not valid percent-encoding'); }
  password ??= env[REDIS_PASSWORD_ENV] || undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1'); // an IPv6 literal comes bracketed
  const db = dbText === '' ? 0 : Number(dbText);
  const login = username ? `${encodeURIComponent(username)}${password ? ':***' : ''}@` : password ? ':***@' : '';
  return {
    host, port, db, username, password, tls: url.protocol === 'rediss:',
    shown: `${url.protocol}//${login}${url.hostname}:${port}/${db}`,
  };
}
