/**
 * A throwaway redis-server on a free loopback port, with AOF persistence (`everysec`) in
 * a temporary folder, as the queue demands: for the demo (when REDIS_URL is not set),
 * the queue test and the benchmark. Needs `redis-server` on PATH (Debian: apt-get
 * install -y redis-server). In production, use your own Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How to start it.
 *
 * @example
 * await startRedis({ persistence: 'rdb' }); // Debian's default: snapshots only (refused by workers)
 */
export interface RedisServerOptions {
  /** `aof`: appendonly, fsync every second; `rdb`: snapshots only; `none`. @default 'aof' */
  persistence?: 'aof' | 'rdb' | 'none';
  /** More `redis-server` arguments (`['--maxmemory-policy', 'allkeys-lru']`). */
  args?: string[];
  /** The data folder (kept on stop when given). @default a temporary folder */
  dir?: string;
  /** The port. @default a free one */
  port?: number;
}

/**
 * A running redis-server.
 *
 * @example
 * const redis = await startRedis();
 * try { new Redis({ port: redis.port }); } finally { await redis.stop(); }
 */
export interface RedisServer {
  port: number;
  /** Its data folder. */
  dir: string;
  stop(): Promise<void>;
  /** Kills it (SIGKILL), as a crash of its host would; its data folder is kept. */
  crash(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server (from PATH); resolves once it accepts connections. */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const { persistence = 'aof' } = options;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'omni-redis-'));
  const persist = {
    aof: ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
    rdb: ['--appendonly', 'no', '--save', '3600 1 300 100 60 10000'],
    none: ['--appendonly', 'no', '--save', ''],
  }[persistence];
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        ...persist,
        ...(options.args ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ready = await readyOrExit(child);
    if (ready) {
      const end = async (signal: NodeJS.Signals) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        await once(child, 'exit');
      };
      return {
        port,
        dir,
        async stop() {
          await end('SIGTERM');
          if (!options.dir) rmSync(dir, { recursive: true, force: true });
        },
        crash: () => end('SIGKILL'),
      };
    }
    // Another process took the port between the probe and redis binding it: try another.
    if (attempt >= 3 || options.port !== undefined)
      throw new Error(`redis-server did not start (port ${port})`);
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
