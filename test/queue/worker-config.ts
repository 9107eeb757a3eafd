/** What the queue harness tells a worker process, and what the worker tells it back. */

export interface WorkerConfig {
  name: string;
  queue: string;
  redisPort: number;
  baseUrl: string;
  outDir: string;
  concurrency: number;
  requestsPerSecond: number;
  marginMs?: number | undefined;
}

export type WorkerMessage =
  | { type: 'ready'; worker: string }
  | { type: 'start'; jobId: string; worker: string }
  | { type: 'end'; jobId: string; worker: string; ok: boolean }
  /** A turn of the shared rate, at `time` on Redis's clock. */
  | { type: 'grant'; worker: string; time: number };
