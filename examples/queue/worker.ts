/**
 * A video worker: one process of many, on one machine or several. Each takes jobs from
 * the BullMQ queue, creates each video at most once (however often a job is retried or a
 * worker dies), waits for it and saves it, all workers together keeping to one request
 * rate. It starts only on a Redis that keeps its claims (noeviction, AOF; see the
 * README). Start as many as you like; stop one with Ctrl-C or SIGTERM: it hands its jobs
 * back to the queue at once (another worker resumes their tasks) and exits.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/queue/worker.ts
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379), QUEUE (default 'videos'),
 * OUT_DIR (default 'out/queue'), CONCURRENCY per process (default 10),
 * REQUESTS_PER_SECOND for all workers together (default 10), UNSAFE_REDIS (risks
 * accepted, comma-separated: eviction, no-persistence, config-unreadable), and the
 * SDK's JIMMYAI_API_KEY and JIMMYAI_BASE_URL.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { type RedisRisk, startVideoWorker, type VideoWorker } from 'jimmyai-omni/queue';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const name = `${hostname()}:${process.pid}`;
// BullMQ needs maxRetriesPerRequest: null on the connections it blocks on.
const connection = new Redis(env('REDIS_URL', 'redis://127.0.0.1:6379'), {
  maxRetriesPerRequest: null,
});
// Once per distinct message: a Redis that refuses us (a wrong password, TLS without the
// CA) would otherwise print the same line on every reconnection.
let lastError = '';
connection.on('error', (error: Error) => {
  if (error.message !== lastError) console.error(`${name}: Redis: ${(lastError = error.message)}`);
});

// Ctrl-C or SIGTERM, at any moment, connected or not: hand the jobs in hand back to the
// queue (VideoWorker.close), close the connection, exit. Before the worker has started
// (Redis unreachable), there is nothing to hand back.
let video: VideoWorker | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void (video?.close({ timeoutMs: 10_000 }) ?? Promise.resolve()).finally(() => {
      connection.disconnect();
      process.exit(0);
    });
  });

console.log(`${name}: starting (checking Redis)`);
try {
  video = await startVideoWorker(env('QUEUE', 'videos'), {
    connection,
    rate: { requestsPerSecond: Number(env('REQUESTS_PER_SECOND', '10')) },
    outDir: env('OUT_DIR', 'out/queue'),
    unsafeRedis: {
      accept: env('UNSAFE_REDIS', '').split(',').filter(Boolean) as RedisRisk[],
    },
    worker: { concurrency: Number(env('CONCURRENCY', '10')) },
  });
} catch (error) {
  // UnsafeRedisError names the setting and the fix.
  console.error(`${name}: not started: ${error instanceof Error ? error.message : String(error)}`);
  connection.disconnect();
  process.exit(1);
}
video.worker.on('failed', (job, error) =>
  console.log(`${name}: ${job?.id}, attempt ${job?.attemptsMade}: ${error.message}`),
);
video.worker.on('error', (error) => console.error(`${name}: ${error.message}`));
console.log(`${name}: ready`);
