/**
 * Reference mode with 3 images, checked with `prepare()` before anything is sent.
 *
 * Shows `omni.videos.prepare()`: the `effective` request the service will apply
 * (defaults filled in) and `warnings` for what the SDK drops; then `create()` and
 * `wait()` as two steps, and `ValidationError.issues`.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/reference-images.ts [out/ref.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CreateVideoParams, Omni, TaskFailedError, ValidationError } from 'jimmyai-omni';

const output = process.argv[2] ?? 'out/reference-images.mp4';
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

const params: CreateVideoParams = {
  model: 'gemini-omni', // an alias: prepare() shows the canonical name
  prompt: 'The character from the references walks through the market',
  generation_type: 'reference', // the default; 0, 1 or 3 images
  image_urls: [
    'https://example.com/refs/character-front.png',
    'https://example.com/refs/character-side.png',
    'https://example.com/refs/market.jpg',
  ],
  aspect_ratio: '9:16',
  orientation: 'portrait', // redundant: aspect_ratio wins, so it is not sent (a warning)
};

try {
  const { effective, warnings } = omni.videos.prepare(params); // no request, no cost
  console.log('effective request:', JSON.stringify(effective, null, 2));
  for (const w of warnings) console.log(`warning: ${w.path} ${w.message}`);

  const task = await omni.videos.create(params);
  console.log(`created task ${task.task_id}`);
  const done = await omni.videos.wait(task);
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(`saved ${saved.bytes} bytes to ${saved.path}`);
} catch (err) {
  if (err instanceof ValidationError)
    for (const issue of err.issues) console.error(`invalid ${issue.path}: ${issue.message}`);
  else if (err instanceof TaskFailedError)
    console.error(`task ${err.taskId} failed: ${err.reason}`);
  else throw err;
  process.exitCode = 1;
}
