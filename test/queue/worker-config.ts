/** What the queue harness tells a worker process, and what the worker tells it back. */
import type { RedisRisk } from '../../src/queue/index.js';

export interface WorkerConfig {
  name: string;
  queue: string;
  redisPort: number;
  baseUrl: string;
  outDir: string;
  concurrency: number;
  requestsPerSecond: number;
  marginMs?: number | undefined;
  /** BullMQ's `maxStalledCount`; BullMQ's default (1) when absent. */
  maxStalledCount?: number | undefined;
  /** BullMQ's key prefix. @default 'bull' */
  prefix?: string | undefined;
  /** Risks of the Redis accepted (see checkRedis). */
  accept?: RedisRisk[] | undefined;
}

export type WorkerMessage =
  | { type: 'ready'; worker: string }
  | { type: 'refused'; worker: string; message: string }
  | { type: 'start'; jobId: string; worker: string }
  | { type: 'end'; jobId: string; worker: string; ok: boolean }
  /** A turn of the shared rate, at `time` on Redis's clock. */
  | { type: 'grant'; worker: string; time: number };
