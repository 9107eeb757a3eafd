/**
 * The omni-10s model: always 10 s at 720p, with up to 7 references (images or videos).
 *
 * Shows references of both kinds in `image_urls` (omni-10s takes videos there, not in
 * `video_urls`), and the `warnings` of `prepare()` for the `duration` and `resolution`
 * it ignores: the SDK does not send them, and says why.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/omni-10s.ts [out/omni-10s.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CreateVideoParams, Omni, TaskFailedError } from 'jimmyai-omni';

const output = process.argv[2] ?? 'out/omni-10s.mp4';
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

const params: CreateVideoParams = {
  model: 'omni-10s',
  prompt: 'A product tour of the red bicycle, ending on the logo',
  image_urls: [
    ...[1, 2, 3, 4, 5, 6].map((n) => `https://example.com/bike/photo-${n}.jpg`),
    'https://example.com/bike/spin.mp4', // a video reference: 7 in all, the maximum
  ],
  duration: 8, // ignored by omni-10s (billed as 10 s)
  resolution: '1080p', // ignored by omni-10s (billed as 720p)
};

const { body, effective, warnings } = omni.videos.prepare(params);
for (const w of warnings) console.log(`warning: ${w.path} ${w.message}`);
console.log(`sent fields: ${Object.keys(body).join(', ')}`);
console.log(
  `effective: ${effective.duration} s, ${effective.resolution}, ${effective.image_urls.length} references`,
);

try {
  const done = await omni.videos.generate(params, {
    onTaskCreated: (task) => console.log(`created task ${task.task_id}`),
  });
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(`saved ${saved.bytes} bytes to ${saved.path}`);
} catch (err) {
  if (!(err instanceof TaskFailedError)) throw err;
  console.error(`task ${err.taskId} failed: ${err.reason}`);
  process.exitCode = 1;
}
