/**
 * ETA: every progress report carries the SDK's prediction of when the task will be done,
 * apart from the task's wire fields: `onProgress(task, { eta })` for `wait`, `generate`
 * and `waitMany`, and `etaOf(snapshot)` for `watch()`. No prediction (`undefined`) while
 * the task is queued or once it has ended; once progress moves, a prediction close to the
 * real end. Against the sandbox in virtual time: its tasks' progress rises steadily, and
 * it knows when each really ends.
 */
import { describe, expect, test } from 'vitest';
import { type Eta, etaOf, type VideoTask } from '../../../src/index.js';
import { virtualSandbox } from '../../helpers/virtual-sandbox.js';

const setup = () => virtualSandbox({ seed: 5, queueMs: 5000, runMs: 120_000 }, { timeoutMs: 1000 });
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

interface Report {
  task: VideoTask;
  eta: Eta | undefined;
  seenAt: number;
}

/**
 * What the reports must say: none while queued or once ended; once the task has run for a
 * while, a prediction within 10 % of the run of its real end (when given), and remainingMs consistent
 * with `at` and the moment of the report.
 */
function checkReports(reports: Report[], endsAtMs: number | undefined) {
  expect(reports.length).toBeGreaterThan(3);
  // Nothing predicts a finish before the task runs.
  for (const r of reports.filter((r) => r.task.status === 'queued')) expect(r.eta).toBeUndefined();
  expect(reports.at(-1)!.task.status).toBe('completed');
  expect(reports.at(-1)!.eta).toBeUndefined();
  const running = reports.filter((r) => r.task.status === 'processing');
  const late = running.filter((r) => (r.task.progress ?? 0) >= 25);
  expect(late.length).toBeGreaterThan(0);
  for (const r of late) {
    expect(r.eta).toBeDefined();
    const eta = r.eta as Eta;
    expect(eta.at).toBeInstanceOf(Date);
    if (endsAtMs !== undefined) expect(Math.abs(eta.at.getTime() - endsAtMs)).toBeLessThan(12_000);
    // Whole milliseconds: `at` is a Date.
    expect(
      Math.abs(eta.remainingMs - Math.max(0, eta.at.getTime() - r.seenAt)),
    ).toBeLessThanOrEqual(1);
  }
  // Reports carry it beside the task, never in it: the wire fields stay as sent.
  for (const r of reports) expect(Object.keys(r.task)).not.toContain('eta');
}

describe('every progress report carries the ETA', () => {
  test('wait: onProgress(task, { eta })', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params);
    const reports: Report[] = [];
    await env.omni.videos.wait(task, {
      onProgress: (t, { eta }) => void reports.push({ task: t, eta, seenAt: env.clock.now() }),
    });
    checkReports(reports, env.sandbox.task(task.task_id)!.endsAtMs);
  });

  test('generate: onProgress(task, { eta })', async () => {
    await using env = await setup();
    const reports: Report[] = [];
    const done = await env.omni.videos.generate(params, {
      onProgress: (t, { eta }) => void reports.push({ task: t, eta, seenAt: env.clock.now() }),
    });
    checkReports(reports, env.sandbox.task(done.task_id)!.endsAtMs);
  });

  test('waitMany: onProgress(task, { eta }) for each task', async () => {
    await using env = await setup();
    const ids = [
      (await env.omni.videos.create(params)).task_id,
      (await env.omni.videos.create(params)).task_id,
    ];
    const reports = new Map<string, Report[]>(ids.map((id) => [id, []]));
    await env.omni.videos.waitMany(ids, {
      maxRequestsPerSecond: 10,
      onProgress: (t, { eta }) =>
        void reports.get(t.task_id)!.push({ task: t, eta, seenAt: env.clock.now() }),
    });
    // Not its accuracy here: in virtual time the shared pacer moves the clock while another
    // task's poll is in flight, so answers are stamped late (the skew bench/wait-many.ts
    // avoids with a clock that stands still while requests are in flight). The prediction
    // itself is the one the other tests check: waitMany runs the same loop.
    for (const id of ids) checkReports(reports.get(id)!, undefined);
  });

  test('watch: the snapshot as sent, its ETA read with etaOf(snapshot)', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params);
    const reports: Report[] = [];
    for await (const snapshot of env.omni.videos.watch(task))
      reports.push({ task: snapshot, eta: etaOf(snapshot), seenAt: env.clock.now() });
    checkReports(reports, env.sandbox.task(task.task_id)!.endsAtMs);
    // A copy is not a snapshot the SDK reported: it says nothing rather than something stale.
    expect(etaOf({ ...reports[reports.length - 2]!.task })).toBeUndefined();
  });
});

test('with a fixed poll interval, the ETA is still given', async () => {
  await using env = await setup();
  const task = await env.omni.videos.create(params);
  const reports: Report[] = [];
  await env.omni.videos.wait(task, {
    pollIntervalMs: 5000,
    onProgress: (t, { eta }) => void reports.push({ task: t, eta, seenAt: env.clock.now() }),
  });
  checkReports(reports, env.sandbox.task(task.task_id)!.endsAtMs);
});
