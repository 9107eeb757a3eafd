/**
 * Resume a task by its id: after a crash, a restart, or a `TaskTimeoutError`.
 *
 * Shows `omni.videos.wait(taskId)` from a plain id string (it polls at once, then
 * adaptively) and `download()`; a `NotFoundError` when the id is unknown for this key.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/resume-by-id.ts <task-id> [out/video.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NotFoundError, Omni, TaskFailedError, TaskTimeoutError } from 'jimmyai-omni';

const [taskId, outputArg] = process.argv.slice(2);
if (!taskId) {
  console.error('usage: resume-by-id.ts <task-id> [output.mp4]');
  process.exit(2);
}
const output = outputArg ?? `out/${taskId}.mp4`;
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

try {
  const done = await omni.videos.wait(taskId, {
    timeoutMs: 30 * 60 * 1000,
    onProgress: (task) => console.log(`  ${task.status} ${task.progress ?? 0}%`),
  });
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(`task ${taskId}: saved ${saved.bytes} bytes to ${saved.path}`);
} catch (err) {
  if (err instanceof TaskTimeoutError)
    console.error(`task ${taskId} is still running: run this again later with the same id`);
  else if (err instanceof TaskFailedError) console.error(`task ${taskId} failed: ${err.reason}`);
  else if (err instanceof NotFoundError) console.error(`no task ${taskId} for this API key`);
  else throw err;
  process.exitCode = 1;
}
