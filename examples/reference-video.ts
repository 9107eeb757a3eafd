/**
 * A reference video: the new video follows the motion of the one you give.
 *
 * Shows `video_urls` (at most 1) without `duration`: the reference video sets the
 * length, and the service refuses both together (the SDK says so before sending).
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/reference-video.ts [out/ref-video.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Omni, TaskFailedError, ValidationError } from 'jimmyai-omni';

const output = process.argv[2] ?? 'out/reference-video.mp4';
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

try {
  const done = await omni.videos.generate(
    {
      model: 'Gemini-Omini',
      prompt: 'Same camera move, but through a neon-lit city in the rain',
      video_urls: ['https://example.com/clips/dolly-shot.mp4'], // no duration: the video sets it
      resolution: '1080p',
    },
    {
      onTaskCreated: (task) => console.log(`created task ${task.task_id}`),
      onProgress: (task) => console.log(`  ${task.status} ${task.progress ?? 0}%`),
    },
  );
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(`saved ${saved.bytes} bytes to ${saved.path}`);
} catch (err) {
  if (err instanceof ValidationError)
    // Adding `duration: 8` above gives: "duration: must not be sent together with video_urls ..."
    for (const issue of err.issues) console.error(`invalid ${issue.path}: ${issue.message}`);
  else if (err instanceof TaskFailedError)
    console.error(`task ${err.taskId} failed: ${err.reason}`);
  else throw err;
  process.exitCode = 1;
}
