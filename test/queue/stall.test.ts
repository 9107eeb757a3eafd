/**
 * BullMQ's DEFAULT stall setting (`maxStalledCount` 1) with workers killed again and
 * again: a job whose worker died twice is failed by BullMQ itself ("job stalled more than
 * allowable limit"), without any processor running. If its task was created, the job must
 * still be reported with that task, and resuming it must be plain (and create nothing).
 * Locks are short (4 s, checked every second) only to make the run take seconds: the
 * count that decides, maxStalledCount, is BullMQ's default.
 */
import { existsSync, readdirSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  jobReport,
  resumeJob,
  startVideoWorker,
  type VideoJobData,
} from '../../src/queue/index.js';
import { type RunReport, runQueue } from './harness.js';
import { createsByPrompt, duplicates } from './metrics.js';
import { TEST_KEY } from '../helpers/key.js';

const SEED = Number(process.env.QUEUE_SEED ?? 20261206);
let report: RunReport;

beforeAll(async () => {
  report = await runQueue({
    jobs: 12,
    workers: 3,
    concurrency: 4,
    requestsPerSecond: 40,
    faultRate: 0,
    // Tasks of about 9 s: each job lives through several kills.
    timeScale: 1,
    sandboxOptions: { queueMs: 0, runMs: 9_000, jitter: 0.2 },
    // Downloads answered after 2 s: some workers die mid-download, their staging
    // folders left for the queue to clean.
    faults: [{ kind: 'slow', route: 'media', delayMs: 2_000, times: Infinity }],
    kills: false,
    killEveryMs: 1_500,
    seed: SEED,
    failEvery: 0,
    deadlineMs: 100_000,
  });
  const count = (o: string) => report.jobs.filter((j) => j.outcome === o).length;
  console.log(
    `seed ${SEED}: ${(report.durationMs / 1000).toFixed(1)} s, ${report.kills.length} kills; ` +
      `${count('completed')} completed, ${count('resumable')} resumable, ${count('uncertain')} uncertain, ${count('failed')} failed`,
  );
}, 110_000);
afterAll(async () => report?.cleanup());

test('a job failed by BullMQ for stalling twice is reported with its paid task, and resumed by id without a second create', async () => {
  expect(report.jobs).toHaveLength(12);
  // Not one job with a task is reported without it.
  for (const task of report.sandbox.tasks) {
    const job = report.jobs.find((j) => j.prompt === task.request.prompt)!;
    expect(job.taskId, `${job.id}: ${job.outcome} ${job.failedReason}`).toBe(task.id);
    expect(['completed', 'resumable', 'uncertain']).toContain(job.outcome);
  }
  // Nothing failed plainly: no fault was injected, and no task failed.
  expect(report.jobs.filter((j) => j.outcome === 'failed')).toEqual([]);
  // The case under test happened: BullMQ failed jobs that had a task.
  const stalled = report.jobs.filter((j) => j.outcome === 'resumable');
  expect(stalled.length).toBeGreaterThan(0);
  for (const job of stalled) expect(job.failedReason).toMatch(/stalled more than allowable limit/);

  // Resuming is one call per job; a worker then waits for the same tasks.
  const connection = new Redis({ port: report.redisPort, maxRetriesPerRequest: null });
  const queue = new Queue<VideoJobData>(report.queueName, { connection });
  try {
    for (const { id } of stalled)
      expect(await resumeJob((await queue.getJob(id))!, connection)).toBe(true);
    const video = await startVideoWorker(report.queueName, {
      connection,
      rate: { requestsPerSecond: 40 },
      omni: { apiKey: TEST_KEY, baseUrl: report.sandbox.url },
      outDir: report.outDir,
      pollIntervalMs: 500,
      worker: { concurrency: 12 },
    });
    try {
      for (const { id } of stalled)
        for (let deadline = Date.now() + 30_000; ;) {
          const job = (await queue.getJob(id))!;
          const end = await jobReport(job, connection);
          if (end?.outcome === 'completed') {
            expect(end.taskId).toBe(stalled.find((s) => s.id === id)!.taskId);
            break;
          }
          if (Date.now() > deadline) throw new Error(`${id} did not complete: ${end?.outcome}`);
          await new Promise((r) => setTimeout(r, 100));
        }
    } finally {
      await video.close();
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
  // Each prompt created once, whatever the kills and the resumption.
  expect(duplicates(report.requests)).toBe(0);
  for (const creates of createsByPrompt(report.sandbox.requests).values())
    expect(creates.filter((c) => c.taskId !== null)).toHaveLength(1);
  // No staging folder left by a worker killed mid-download.
  expect(readdirSync(report.outDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  expect(existsSync(report.outDir)).toBe(true);
}, 60_000);
