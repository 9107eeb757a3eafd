/** What a queue run's records say: duplicates, the densest second, polls per task. */
import type { RecordedRequest } from '../../src/sandbox/index.js';
import type { RunReport } from './harness.js';

/** The create POSTs of each prompt, in order of arrival. */
export function createsByPrompt(
  requests: readonly RecordedRequest[],
): Map<string, RecordedRequest[]> {
  const byPrompt = new Map<string, RecordedRequest[]>();
  for (const r of requests) {
    if (r.route !== 'create') continue;
    const prompt = (r.body as { prompt?: string } | null)?.prompt ?? '';
    byPrompt.set(prompt, [...(byPrompt.get(prompt) ?? []), r]);
  }
  return byPrompt;
}

/**
 * Tasks made beyond the first for one prompt: a second billed video. A create sent
 * after one that made a task is one too, even if the sandbox refused it.
 */
export function duplicates(requests: readonly RecordedRequest[]): number {
  let count = 0;
  for (const creates of createsByPrompt(requests).values()) {
    const first = creates.findIndex((r) => r.taskId !== null);
    if (first >= 0) count += creates.length - first - 1;
  }
  return count;
}

/** The most of `times` (ms) within any window of `windowMs` (sliding). */
export function densestWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

/** When the sandbox received each request. */
export const arrivals = (report: RunReport): number[] => report.requests.map((r) => r.time);

/** When the shared limiter granted each turn (Redis's clock), from the workers' reports. */
export const grants = (report: RunReport): number[] =>
  report.messages.flatMap((m) => (m.type === 'grant' ? [m.time] : []));

/** Polls (task GETs) per task the sandbox made. */
export function pollsPerTask(report: RunReport): number {
  const polls = report.requests.filter((r) => r.route === 'retrieve').length;
  return polls / Math.max(1, report.sandbox.tasks.length);
}

/** Completed, failed and uncertain jobs. */
export function outcomes(report: RunReport): Record<'completed' | 'failed' | 'uncertain', number> {
  const count = (o: string) => report.jobs.filter((j) => j.outcome === o).length;
  return { completed: count('completed'), failed: count('failed'), uncertain: count('uncertain') };
}
