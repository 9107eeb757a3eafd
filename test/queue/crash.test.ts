/**
 * The proof of jimmyai-omni/queue: 200 jobs through BullMQ on a real redis-server, 4
 * worker PROCESSES, the sandbox failing 20 % of requests at random (time-scaled), and two
 * workers killed with SIGKILL mid-run: one while its create is in flight (the sandbox
 * makes the task and never answers), one at a random moment. Every prompt is unique, so
 * the sandbox's records map each create back to its job.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunReport, runQueue } from './harness.js';
import {
  arrivals,
  createsByPrompt,
  densestWindow,
  duplicates,
  grants,
  outcomes,
} from './metrics.js';

const RATE = 40;
// The limiter's margin beyond its 1 s window: room for the sandbox (in this process, on a
// loaded machine) to stamp an arrival later than it happened.
const MARGIN_MS = 250;
const SEED = Number(process.env.QUEUE_SEED ?? 20261201);
const sample = readFileSync(new URL('../../src/sandbox/assets/sample.mp4', import.meta.url));
let report: RunReport;

beforeAll(async () => {
  report = await runQueue({
    jobs: 200,
    workers: 4,
    concurrency: 8,
    requestsPerSecond: RATE,
    marginMs: MARGIN_MS,
    faultRate: 0.2,
    timeScale: 0.2,
    kills: true,
    // Many stalls allowed: this test is about every job ending; stall.test.ts runs
    // BullMQ's default (1).
    maxStalledCount: 10,
    seed: SEED,
    failEvery: 25,
    deadlineMs: 170_000,
  });
  const o = outcomes(report);
  console.log(
    `seed ${SEED}: ${(report.durationMs / 1000).toFixed(1)} s; ${o.completed} completed, ` +
      `${o.failed} failed, ${o.uncertain} uncertain; ${report.requests.length} requests; ` +
      `densest second: ${densestWindow(grants(report))} turns, ${densestWindow(arrivals(report))} arrivals; ` +
      `kills: ${report.kills.map((k) => `${k.worker} at ${k.at} ms (${k.orphans.length} jobs open)`).join(', ')}`,
  );
}, 180_000);
afterAll(async () => report?.cleanup());

describe('200 jobs, 4 worker processes, 20 % faults, 2 workers killed', () => {
  test('every job ends completed, failed or uncertain', () => {
    expect(report.jobs).toHaveLength(200);
    for (const job of report.jobs)
      expect(['completed', 'failed', 'uncertain']).toContain(job.outcome);
    const o = outcomes(report);
    // The seeded faults leave most jobs to complete; the [fail] prompts fail.
    expect(o.completed).toBeGreaterThan(100);
    // Reasons quote server text (a 502's HTML): as data, on one line, no control characters.
    for (const job of report.jobs.filter((j) => j.outcome === 'uncertain'))
      expect(job.failedReason).not.toMatch(/[\u0000-\u001f\u007f]/);
    for (const job of report.jobs.filter((j) => j.prompt.includes('[fail]')))
      expect(job.outcome === 'failed' || job.outcome === 'uncertain').toBe(true);
  });

  test('not one task created twice: no create is sent after one that made a task', () => {
    expect(duplicates(report.requests)).toBe(0);
    const tasksPerPrompt = new Map<string, number>();
    for (const task of report.sandbox.tasks)
      tasksPerPrompt.set(task.request.prompt, (tasksPerPrompt.get(task.request.prompt) ?? 0) + 1);
    expect([...tasksPerPrompt.values()].every((n) => n === 1)).toBe(true);
    // Faults that left the answer unknown were never followed by a second create.
    for (const creates of createsByPrompt(report.requests).values())
      for (const earlier of creates.slice(0, -1)) expect(earlier.taskId).toBeNull();
  });

  test('every completed job has its whole video on disk; no partial file anywhere', () => {
    const completed = report.jobs.filter((j) => j.outcome === 'completed');
    for (const job of completed) {
      expect(job.path).toBe(join(report.outDir, `${job.id}.mp4`));
      expect(job.bytes).toBe(sample.length);
      expect(readFileSync(job.path!).equals(sample)).toBe(true);
    }
    // Nothing else: no temporary file left by a download cut short or a killed worker.
    expect(readdirSync(report.outDir).sort()).toEqual(completed.map((j) => `${j.id}.mp4`).sort());
    for (const name of readdirSync(report.outDir))
      expect(statSync(join(report.outDir, name)).size).toBe(sample.length);
  });

  test('the shared request rate is never exceeded', () => {
    // The limiter's turns (Redis clock): never more than RATE in any second.
    const turns = grants(report);
    expect(turns.length).toBeGreaterThanOrEqual(report.requests.length - 10);
    expect(densestWindow(turns)).toBeLessThanOrEqual(RATE);
    // At the sandbox, in any sliding second: within the rate. A turn counts until its
    // request is answered, so a request sent late cannot meet the next window's turns.
    expect(densestWindow(arrivals(report))).toBeLessThanOrEqual(RATE);
    // The rate was the bottleneck: without the limiter, 32 jobs polling would exceed it.
    expect(densestWindow(turns)).toBeGreaterThanOrEqual(RATE * 0.75);
  });

  test('a worker killed between sending its create and the answer: the job ends uncertain, its task made once', () => {
    const kill = report.kills.find((k) => k.duringCreateOf !== undefined)!;
    expect(kill).toBeDefined();
    const job = report.jobs.find((j) => j.id === kill.duringCreateOf)!;
    expect(job.outcome).toBe('uncertain');
    expect(job.failedReason).toMatch(/never recorded its answer/);
    expect(report.sandbox.tasks.filter((t) => t.request.prompt === job.prompt)).toHaveLength(1);
    expect(createsByPrompt(report.requests).get(job.prompt)).toHaveLength(1);
  });

  test("the killed workers' jobs were finished by the others", () => {
    expect(report.kills).toHaveLength(2);
    for (const kill of report.kills) {
      expect(kill.orphans.length).toBeGreaterThan(0);
      for (const id of kill.orphans) {
        const job = report.jobs.find((j) => j.id === id)!;
        expect(['completed', 'failed', 'uncertain']).toContain(job.outcome);
        // Ended after the kill by a worker alive then (it said so), not the one killed.
        const ends = report.messages
          .slice(kill.messagesBefore)
          .filter((m) => m.type === 'end' && m.jobId === id);
        expect(ends.length).toBeGreaterThan(0);
        expect(ends.at(-1)!.worker).not.toBe(kill.worker);
      }
    }
  });
});
