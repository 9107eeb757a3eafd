/**
 * First-frame mode: the video starts from the one image you give.
 *
 * Shows `generation_type: 'frame'` (exactly 1 image in `image_urls`), and how a
 * `ValidationError` lists every broken rule before anything is sent (or billed).
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/first-frame.ts [out/first-frame.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Omni, TaskFailedError, ValidationError } from 'jimmyai-omni';

const output = process.argv[2] ?? 'out/first-frame.mp4';
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

try {
  const done = await omni.videos.generate(
    {
      model: 'Gemini-Omini',
      prompt: 'The lighthouse beam sweeps across the bay as night falls',
      generation_type: 'frame',
      image_urls: ['https://example.com/images/lighthouse.jpg'], // the first frame
      aspect_ratio: '16:9',
    },
    { onTaskCreated: (task) => console.log(`created task ${task.task_id}`) },
  );
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(
    `saved ${saved.bytes} bytes to ${saved.path} (link valid until ${done.expiresAt.toISOString()})`,
  );
} catch (err) {
  if (err instanceof ValidationError) {
    // e.g. two images in frame mode: "image_urls: must hold exactly 1 image in frame mode ..."
    for (const issue of err.issues) console.error(`invalid ${issue.path}: ${issue.message}`);
  } else if (err instanceof TaskFailedError) {
    console.error(`task ${err.taskId} failed: ${err.reason}`);
  } else throw err;
  process.exitCode = 1;
}
