/**
 * A throwaway redis-server on a free loopback port, without persistence: for the demo
 * (when REDIS_URL is not set), the queue test and the benchmark. Needs `redis-server` on
 * PATH (Debian: apt-get install -y redis-server). In production, use your own Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * A running redis-server.
 *
 * @example
 * const redis = await startRedis();
 * try { new Redis({ port: redis.port }); } finally { await redis.stop(); }
 */
export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server (from PATH) without persistence; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ready = await readyOrExit(child);
    if (ready) {
      return {
        port,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        },
      };
    }
    // Another process took the port between the probe and redis binding it: try another.
    if (attempt >= 3) throw new Error(`redis-server did not start on a free port (port ${port})`);
  }
}

function readyOrExit(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              "No redis-server on PATH: install Debian's redis-server (apt-get install -y redis-server).",
            )
          : error,
      ),
    );
    child.once('exit', () => resolve(false));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(true);
    });
    child.stderr?.resume();
  });
}
