// The small web app that scripts/runtimes.mjs bundles with Vite, esbuild and webpack and
// runs in Chromium: create, watch, wait against the sandbox given in ?sandbox=, then a
// download that must fail with the typed DownloadError. The outcome lands in
// window.result (errors as data, so a failure reads well in the report).
import { DownloadError, Omni } from 'jimmyai-omni';

async function run() {
  const baseUrl = new URL(location.href).searchParams.get('sandbox');
  const omni = new Omni({ apiKey: 'sk_public_demo', baseUrl, dangerouslyAllowBrowser: true });
  const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox in a bundle' });
  const seen = [];
  for await (const snapshot of omni.videos.watch(task, { pollIntervalMs: 15 }))
    seen.push(snapshot.status);
  const done = await omni.videos.wait(task.task_id, { pollIntervalMs: 15 });
  let download = 'saved';
  try {
    await omni.videos.download(done, 'fox.mp4');
  } catch (error) {
    download = error instanceof DownloadError ? 'DownloadError' : `${error.name}: ${error.message}`;
  }
  return { status: done.status, last: seen.at(-1), download };
}

run().then(
  (result) => (window.result = result),
  (error) => (window.result = { failed: `${error.name}: ${error.message}` }),
);
