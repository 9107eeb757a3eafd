/**
 * The whole thing on one machine, in one command: 100 prompts enqueued, 3 worker
 * processes started, each job's end shown as it comes, then a summary by outcome.
 *
 *   npm run example:queue                       # sandbox, throwaway redis-server
 *   npm run example:queue -- --faults 0.2       # the sandbox fails 20 % of requests
 *   REDIS_URL=redis://... JIMMYAI_API_KEY=sk_... npm run example:queue -- --jobs 5   # real, billed
 *
 * Without REDIS_URL it starts a redis-server of its own (Debian: apt-get install -y
 * redis-server); without JIMMYAI_API_KEY it runs on the embedded sandbox of the API
 * (time-scaled: a video in about a second) and says so. Videos land in out/queue/.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { jobOutcome, type VideoJobData } from 'jimmyai-omni/queue';
import { startSandbox } from 'jimmyai-omni/sandbox';
import { enqueue, samplePrompts } from './enqueue.js';
import { startRedis } from './local-redis.js';

const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const jobs = option('jobs', 100);
const workers = option('workers', 3);
const faults = option('faults', 0);

const redisServer = process.env.REDIS_URL ? undefined : await startRedis();
const redisUrl = process.env.REDIS_URL || `redis://127.0.0.1:${redisServer!.port}`;
const sandbox = process.env.JIMMYAI_API_KEY
  ? undefined
  : await startSandbox({ timeScale: 0.1, faults: faults > 0 ? { rate: faults } : undefined });
if (sandbox) console.log(`No JIMMYAI_API_KEY: running on the local sandbox at ${sandbox.url}.`);

const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queueName = `videos-demo-${Date.now()}`;
const queue = new Queue<VideoJobData>(queueName, { connection });
// QueueEvents blocks on its connection: it needs one of its own.
const eventsConnection = connection.duplicate();
const events = new QueueEvents(queueName, { connection: eventsConnection });
const ids = await enqueue(queue, samplePrompts(jobs));
console.log(`${ids.length} jobs enqueued in "${queueName}"; starting ${workers} worker processes.`);

const env = {
  ...process.env,
  REDIS_URL: redisUrl,
  QUEUE: queueName,
  REQUESTS_PER_SECOND: '20',
  ...(sandbox ? { JIMMYAI_API_KEY: 'sk_sandbox_demo', JIMMYAI_BASE_URL: sandbox.url } : {}),
};
const children = Array.from({ length: workers }, () =>
  spawn(process.execPath, ['scripts/run-ts.mjs', 'examples/queue/worker.ts'], {
    env,
    // Their stdout says each retried attempt; this process prints each job's end.
    stdio: ['ignore', 'ignore', 'inherit'],
  }),
);

// Each job's end, as the queue reports it (any dashboard of the queue sees the same).
let done = 0;
const started = Date.now();
const finished = new Promise<void>((resolve) => {
  const end = (line: string) => {
    console.log(`[${String(++done).padStart(3)}/${ids.length}] ${line}`);
    if (done === ids.length) resolve();
  };
  events.on('completed', ({ jobId, returnvalue }) =>
    end(`${jobId} saved to ${(returnvalue as unknown as { path: string }).path}`),
  );
  events.on('failed', ({ jobId, failedReason }) => end(`${jobId}: ${failedReason}`));
});
await events.waitUntilReady();
await finished;
const seconds = (Date.now() - started) / 1000;

const counts = { completed: 0, resumable: 0, failed: 0, uncertain: 0 };
for (const id of ids) {
  const job = await queue.getJob(id);
  const outcome = job && (await jobOutcome(job, connection));
  if (outcome) counts[outcome]++;
}
console.log(
  `\n${ids.length} jobs in ${seconds.toFixed(1)} s (${((ids.length / seconds) * 60).toFixed(0)} per minute): ` +
    `${counts.completed} completed, ${counts.failed} failed, ${counts.uncertain} uncertain` +
    `${counts.resumable ? `, ${counts.resumable} resumable (resumeJob)` : ''} ` +
    '(a create that may have made a task: not sent again; see the README).',
);

for (const child of children) child.kill('SIGTERM');
await Promise.all(children.map((child) => once(child, 'exit')));
await events.close();
await queue.close();
// BullMQ leaves the connections it was given open: they are ours to close.
eventsConnection.disconnect();
connection.disconnect();
await sandbox?.close();
await redisServer?.stop();
