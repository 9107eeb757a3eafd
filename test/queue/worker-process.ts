/**
 * One worker process of the queue test and benchmark: a BullMQ Worker running
 * `videoProcessor`, configured by the JSON in QUEUE_WORKER (see WorkerConfig). It tags
 * its requests with `x-test-worker: <name>`, so the sandbox's records say who sent what,
 * and tells the parent (IPC) when it starts and ends each job.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  sharedRateLimiter,
  type VideoJobData,
  type VideoJobResult,
  videoProcessor,
} from 'jimmyai-omni/queue';
import type { WorkerConfig, WorkerMessage } from './worker-config.js';

const config = JSON.parse(process.env.QUEUE_WORKER ?? '') as WorkerConfig;
const tell = (message: WorkerMessage) => process.send?.(message);
const connection = new Redis({
  host: '127.0.0.1',
  port: config.redisPort,
  maxRetriesPerRequest: null,
});
// The shared limiter, each turn reported: the test checks the turns, not only arrivals.
const limiter = sharedRateLimiter(connection, {
  requestsPerSecond: config.requestsPerSecond,
  ...(config.marginMs === undefined ? {} : { marginMs: config.marginMs }),
});
const process_ = videoProcessor({
  redis: connection,
  rate: {
    acquire: async (signal) => {
      const time = await limiter.acquire(signal);
      tell({ type: 'grant', worker: config.name, time });
      return time;
    },
  },
  omni: {
    apiKey: 'sk_test_queue',
    baseUrl: config.baseUrl,
    timeoutMs: 10_000,
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set('x-test-worker', config.name);
      return fetch(request);
    },
  },
  outDir: config.outDir,
});
const worker = new Worker<VideoJobData, VideoJobResult>(
  config.queue,
  async (job, token, signal) => {
    tell({ type: 'start', jobId: String(job.id), worker: config.name });
    try {
      const result = await process_(job, token, signal);
      tell({ type: 'end', jobId: String(job.id), worker: config.name, ok: true });
      return result;
    } catch (error) {
      tell({ type: 'end', jobId: String(job.id), worker: config.name, ok: false });
      throw error;
    }
  },
  {
    connection,
    concurrency: config.concurrency,
    // Short locks, so that a killed worker's jobs go back to the queue within seconds.
    lockDuration: 4_000,
    stalledInterval: 1_000,
    maxStalledCount: 10,
  },
);
worker.on('error', () => undefined);
await worker.waitUntilReady();
tell({ type: 'ready', worker: config.name });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop')
    void worker.close().then(() => {
      connection.disconnect();
      process.exit(0);
    });
});
