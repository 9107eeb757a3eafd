/**
 * Testing your own code against the sandbox: a local stand-in for the API, no key needed.
 *
 * Shows `startSandbox()` pointed at by an `Omni`, a prompt marker forcing a failure
 * (`[fail]` → `TaskFailedError`), an injected fault (a 503 once, retried
 * transparently while waiting), and assertions on what the sandbox recorded. Use the
 * same steps in vitest, jest or node:test; here plain `node:assert/strict`.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   node scripts/run-ts.mjs examples/sandbox-in-your-tests.ts
 */
import assert from 'node:assert/strict';
import { Omni, TaskFailedError } from 'jimmyai-omni';
import { PROMPT_MARKERS, startSandbox } from 'jimmyai-omni/sandbox';

// The code under test: yours. It takes an Omni, so a test can point it anywhere.
async function makeClip(omni: Omni, prompt: string): Promise<string> {
  const done = await omni.videos.generate({ model: 'Gemini-Omini', prompt });
  return done.result.video_url;
}

// timeScale 0.01: a task takes about 60 ms instead of 6 s; jitter 0: exact timings.
const sandbox = await startSandbox({ timeScale: 0.01, jitter: 0 });
try {
  const omni = new Omni({ apiKey: 'sk_test', baseUrl: sandbox.url });

  // The happy path, with one 503 on a status poll: the SDK retries it on its own.
  sandbox.injectFault({ kind: 'unavailable', route: 'retrieve', retryAfter: 0 });
  const url = await makeClip(omni, 'A red fox running through fresh snow');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//);
  assert.equal(sandbox.requests.filter((r) => r.status === 503).length, 1);
  console.log('ok: completed despite a 503');

  // A prompt marker makes the sandbox fail the task: your error path, tested.
  await assert.rejects(makeClip(omni, `A red fox ${PROMPT_MARKERS.fail}`), (err) => {
    assert.ok(err instanceof TaskFailedError);
    assert.ok(err.reason, 'the failure carries the provider reason');
    console.log(`ok: TaskFailedError for ${err.taskId}: ${err.reason}`);
    return true;
  });
  assert.equal(sandbox.tasks.length, 2); // one task per create: nothing was sent twice
  console.log('all assertions passed');
} finally {
  await sandbox.close();
}
