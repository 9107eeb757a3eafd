/**
 * Adds video jobs to the queue: one per prompt (arguments, or 100 sample prompts). The
 * job id is yours to choose (here `video-<n>`): adding a job whose id exists does
 * nothing, so enqueueing twice does not pay twice either (on a Redis that keeps what it
 * is told: the workers check it; see the README, "What the queue requires of Redis").
 *
 *   REDIS_URL=redis://127.0.0.1:6379 node scripts/run-ts.mjs examples/queue/enqueue.ts ["prompt" ...]
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { VIDEO_JOB_OPTIONS, type VideoJobData } from 'jimmyai-omni/queue';

/** 100 sample prompts. */
export function samplePrompts(count = 100): string[] {
  const animals = ['red fox', 'snow owl', 'harbour seal', 'lynx', 'hare'];
  const places = ['fresh snow', 'a pine forest', 'a frozen lake', 'tall grass'];
  return Array.from(
    { length: count },
    (_, i) => `A ${animals[i % 5]} in ${places[i % 4]}, shot ${i + 1} of ${count}, cinematic`,
  );
}

/** Adds one job per prompt; resolves with their ids. */
export async function enqueue(queue: Queue<VideoJobData>, prompts: string[]): Promise<string[]> {
  const jobs = await queue.addBulk(
    prompts.map((prompt, i) => ({
      name: 'video',
      data: { params: { model: 'Gemini-Omini', prompt, duration: 8 } },
      opts: { ...VIDEO_JOB_OPTIONS, jobId: `video-${String(i + 1).padStart(3, '0')}` },
    })),
  );
  return jobs.map((job) => String(job.id));
}

// Run as a script (not imported by run.ts): under run-ts, tsx or Node's type stripping.
if (/enqueue\.(ts|mjs|js)$/.test(process.argv[1] ?? '')) {
  const connection = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
  });
  const queue = new Queue<VideoJobData>(process.env.QUEUE || 'videos', { connection });
  const prompts = process.argv.length > 2 ? process.argv.slice(2) : samplePrompts();
  const ids = await enqueue(queue, prompts);
  console.log(`${ids.length} jobs in queue "${queue.name}": ${ids[0]} … ${ids.at(-1)}`);
  await queue.close();
  connection.disconnect();
}
