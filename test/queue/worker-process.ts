/**
 * One worker process of the queue tests and benchmark: `startVideoWorker` (the Redis
 * check, then a BullMQ Worker running `videoProcessor`), configured by the JSON in
 * QUEUE_WORKER (see WorkerConfig). It tags its requests with `x-test-worker: <name>`, so
 * the sandbox's records say who sent what, and tells the parent (IPC) when it starts and
 * ends each job, and each turn of the shared rate it is granted.
 */
import { Redis } from 'ioredis';
import { sharedRateLimiter, startVideoWorker, type VideoWorker } from 'jimmyai-omni/queue';
import type { WorkerConfig, WorkerMessage } from './worker-config.js';
import { TEST_KEY } from '../helpers/key.js';

const config = JSON.parse(process.env.QUEUE_WORKER ?? '') as WorkerConfig;
const tell = (message: WorkerMessage) => process.send?.(message);
const connection = new Redis({
  host: '127.0.0.1',
  port: config.redisPort,
  maxRetriesPerRequest: null,
});
connection.on('error', () => undefined);
// The shared limiter, each turn reported: the tests check the turns, not only arrivals.
const limiter = sharedRateLimiter(connection, {
  requestsPerSecond: config.requestsPerSecond,
  ...(config.marginMs === undefined ? {} : { marginMs: config.marginMs }),
});
let video: VideoWorker;
try {
  video = await startVideoWorker(config.queue, {
    connection,
    rate: {
      acquire: async (signal) => {
        const turn = await limiter.acquire(signal);
        tell({ type: 'grant', worker: config.name, time: turn.time });
        return turn;
      },
    },
    omni: {
      apiKey: TEST_KEY,
      baseUrl: config.baseUrl,
      timeoutMs: 10_000,
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.set('x-test-worker', config.name);
        return fetch(request);
      },
    },
    outDir: config.outDir,
    unsafeRedis: { accept: config.accept ?? [] },
    worker: {
      concurrency: config.concurrency,
      ...(config.prefix ? { prefix: config.prefix } : {}),
      // Short locks, so that a killed worker's jobs go back to the queue within seconds.
      lockDuration: 4_000,
      stalledInterval: 1_000,
      ...(config.maxStalledCount === undefined ? {} : { maxStalledCount: config.maxStalledCount }),
    },
  });
} catch (error) {
  tell({ type: 'refused', worker: config.name, message: (error as Error).message });
  connection.disconnect();
  process.exit(3);
}
video.worker.on('active', (job) =>
  tell({ type: 'start', jobId: String(job.id), worker: config.name }),
);
video.worker.on('completed', (job) =>
  tell({ type: 'end', jobId: String(job.id), worker: config.name, ok: true }),
);
video.worker.on('failed', (job) => {
  if (job) tell({ type: 'end', jobId: String(job.id), worker: config.name, ok: false });
});
tell({ type: 'ready', worker: config.name });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop')
    void video.close().then(() => {
      connection.disconnect();
      process.exit(0);
    });
});
