// A private redis-server (Debian's package) for the queue benchmark and tests: started on a free loopback port with
// nothing saved to disk, optionally with a password, and killed when this process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocalRedis { port: number; url: (db?: number) => string; stop(): void }

const running = new Map<ChildProcess, string>();
process.on('exit', () => {
  for (const [child, dir] of running) { child.kill('SIGKILL'); fs.rmSync(dir, { recursive: true, force: true }); }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(opts: { password?: string } = {}): Promise<LocalRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
      ...(opts.password ? ['--requirepass', opts.password] : [])];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<boolean>((resolve, reject) => {
      let out = '';
      child.on('error', err => reject(new Error(`redis-server could not start (${err.message}); install Debian's redis-server`)));
      child.stdout!.on('data', chunk => { out += chunk; if (/Ready to accept connections/.test(out)) resolve(true); });
      child.on('exit', () => resolve(false)); // the port was taken meanwhile: try another
    });
    if (ready) {
      running.set(child, dir);
      child.stdout!.resume();
      return {
        port,
        url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
        stop: () => { child.kill('SIGKILL'); running.delete(child); fs.rmSync(dir, { recursive: true, force: true }); },
      };
    }
    if (attempt >= 5) throw new Error('redis-server did not start on any of 6 free ports');
  }
}
