/**
 * The size benchmark's SDK app (bench/size.ts): create a task and wait for it, with the
 * SDK's request validation (prepare) and response validation (generated validators) included. Imports
 * the sources; the published dist/index.js is the same code, bundled.
 */
import { Omni } from '../../src/index.js';

const omni = new Omni({ apiKey: 'sk_demo_public', dangerouslyAllowBrowser: true });
const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'A red fox in fresh snow' });
const done = await omni.videos.wait(task, {
  onProgress: (t) => console.log(t.status, t.progress),
});
console.log(done.result.video_url);
