/**
 * Text to video: generate a video from a prompt, follow its progress, save it to disk.
 *
 * Shows `omni.videos.generate()` with `onTaskCreated` (store the id: it is how you
 * resume) and `onProgress`, `omni.videos.download()`, and when the link expires.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/text-to-video.ts [out/fox.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  CreateUncertainError,
  Omni,
  TaskFailedError,
  TaskTimeoutError,
  ValidationError,
} from 'jimmyai-omni';

const output = process.argv[2] ?? 'out/text-to-video.mp4';
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

try {
  const done = await omni.videos.generate(
    { model: 'Gemini-Omini', prompt: 'A red fox running through fresh snow at dawn', duration: 6 },
    {
      // Save the id somewhere durable: after a crash, resume-by-id.ts picks it up.
      onTaskCreated: (task) => console.log(`created task ${task.task_id}`),
      onProgress: (task) => console.log(`  ${task.status} ${task.progress ?? 0}%`),
    },
  );
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(`saved ${saved.bytes} bytes to ${saved.path}`);
  // The link works for 3 days after completion: download (or move) the video before then.
  console.log(`video link valid until ${done.expiresAt.toISOString()}`);
} catch (err) {
  // Nothing was sent: e.g. "apiKey: is missing: set JIMMYAI_API_KEY ...".
  if (err instanceof ValidationError)
    for (const issue of err.issues) console.error(`invalid ${issue.path}: ${issue.message}`);
  else if (err instanceof TaskFailedError)
    console.error(`task ${err.taskId} failed: ${err.reason}`);
  else if (err instanceof TaskTimeoutError)
    console.error(`still running; resume later: examples/resume-by-id.ts ${err.taskId}`);
  else if (err instanceof CreateUncertainError)
    // A task may exist and be billed: check your tasks before creating it again.
    console.error(`not sure the task was created, so it was not resent: ${err.message}`);
  else throw err;
  process.exitCode = 1;
}
