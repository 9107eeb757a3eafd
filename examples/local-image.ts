/**
 * A picture on disk as the first frame: upload it, then generate from its URL.
 *
 * Shows `omni.files.upload` (a path; size and extension checked before sending,
 * progress as it goes) and the uploaded `url` used in `image_urls`.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/local-image.ts ./cat.png [out/local-image.mp4]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Omni, ValidationError } from 'jimmyai-omni';

const [image, output = 'out/local-image.mp4'] = process.argv.slice(2);
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

try {
  if (!image) throw new ValidationError([{ path: 'image', message: 'give the path of an image' }]);
  const uploaded = await omni.files.upload(image, {
    onProgress: (sent, total) => console.log(`  uploaded ${Math.round((100 * sent) / total)}%`),
  });
  console.log(`uploaded ${uploaded.filename} (${uploaded.size} bytes, ${uploaded.mime_type})`);
  const done = await omni.videos.generate(
    {
      model: 'Gemini-Omini',
      prompt: 'The scene in the picture comes alive, the camera slowly pushes in',
      generation_type: 'frame',
      image_urls: [uploaded.url], // the first frame
    },
    { onTaskCreated: (task) => console.log(`created task ${task.task_id}`) },
  );
  await mkdir(dirname(output), { recursive: true });
  const saved = await omni.videos.download(done, output, { overwrite: true });
  console.log(`saved ${saved.bytes} bytes to ${saved.path}`);
} catch (err) {
  if (!(err instanceof ValidationError)) throw err;
  // e.g. "file: has the extension .txt (...); the upload takes .jpg .jpeg .png ..."
  for (const issue of err.issues) console.error(`invalid ${issue.path}: ${issue.message}`);
  process.exitCode = 1;
}
