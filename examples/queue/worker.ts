/**
 * A video worker: one process of many, on one machine or several. Each takes jobs from
 * the BullMQ queue, creates each video at most once (however often a job is retried or a
 * worker dies), waits for it and saves it, all workers together keeping to one request
 * rate. Start as many as you like; stop one with Ctrl-C (it finishes its jobs first).
 *
 *   REDIS_URL=redis://127.0.0.1:6379 JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/queue/worker.ts
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379), QUEUE (default 'videos'),
 * OUT_DIR (default 'out/queue'), CONCURRENCY per process (default 10),
 * REQUESTS_PER_SECOND for all workers together (default 10), and the SDK's
 * JIMMYAI_API_KEY and JIMMYAI_BASE_URL.
 */
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type VideoJobData, type VideoJobResult, videoProcessor } from 'jimmyai-omni/queue';

const env = (name: string, fallback: string) => process.env[name] || fallback;
// BullMQ needs maxRetriesPerRequest: null on the connections it blocks on.
const connection = new Redis(env('REDIS_URL', 'redis://127.0.0.1:6379'), {
  maxRetriesPerRequest: null,
});
const worker = new Worker<VideoJobData, VideoJobResult>(
  env('QUEUE', 'videos'),
  videoProcessor({
    redis: connection,
    rate: { requestsPerSecond: Number(env('REQUESTS_PER_SECOND', '10')) },
    outDir: env('OUT_DIR', 'out/queue'),
  }),
  { connection, concurrency: Number(env('CONCURRENCY', '10')) },
);
const name = `${hostname()}:${process.pid}`;
worker.on('failed', (job, error) =>
  console.log(`${name}: ${job?.id}, attempt ${job?.attemptsMade}: ${error.message}`),
);
worker.on('error', (error) => console.error(`${name}: ${error.message}`));

// Ctrl-C or SIGTERM: stop taking jobs, finish the ones in hand, then exit. (A worker
// that dies instead loses nothing: its jobs go back to the queue, and are resumed.)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void worker.close().then(() => {
      connection.disconnect();
      process.exit(0);
    });
  });
await worker.waitUntilReady();
console.log(`${name}: ready`);
