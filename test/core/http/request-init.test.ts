/**
 * Every RequestInit the SDK builds holds standard keys only. Deno reads a `client` key
 * as its own option (a Deno.HttpClient) and throws, so an init carrying hey-api's
 * `client` option made every call fail there (hey-api issue 4177). Here `Request` is
 * Deno's for the duration of a test: it refuses such an init exactly as Deno does,
 * while the requests go to a real sandbox. (scripts/runtimes.mjs runs the real Deno.)
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { clientOn } from '../../helpers/omni.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 0.001, jitter: 0 });
});
afterAll(() => sandbox.close());

const NodeRequest = globalThis.Request;
const inits: Record<string, unknown>[] = [];
class DenoLikeRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    if (init && 'client' in init)
      throw new TypeError(
        "Failed to construct 'Request': Argument 2 'client' must be a Deno.HttpClient",
      );
    if (init) inits.push({ ...init });
    super(input, init);
  }
}
beforeEach(() => {
  inits.length = 0;
  globalThis.Request = DenoLikeRequest;
});
afterEach(() => {
  globalThis.Request = NodeRequest;
});

test('create, retrieve and wait build no RequestInit with a client key', async () => {
  const omni = clientOn(sandbox.url);
  const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' });
  expect((await omni.videos.retrieve(task.task_id)).task_id).toBe(task.task_id);
  const done = await omni.videos.wait(task, { pollIntervalMs: 5 });
  expect(done.status).toBe('completed');
  expect(inits.length).toBeGreaterThanOrEqual(3);
  for (const init of inits) expect(Object.keys(init)).not.toContain('client');
});
