/** An Omni client on a fresh sandbox, fast and seeded, closed after each test file. */
import { afterAll } from 'vitest';
import { Omni, type OmniOptions } from '../../src/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';

export const TEST_KEY = 'sk_test_4f7a1c9e0b2d';

/** Starts a sandbox for this test file (closed after it) and returns a client factory. */
export async function sandboxClient(options: SandboxOptions = {}) {
  const sandbox: Sandbox = await startSandbox({ seed: 7, timeScale: 0.01, jitter: 0, ...options });
  afterAll(() => sandbox.close());
  const client = (overrides: OmniOptions = {}) =>
    new Omni({
      apiKey: TEST_KEY,
      baseUrl: sandbox.url,
      timeoutMs: 2000,
      random: () => 0.5,
      ...overrides,
    });
  return { sandbox, client };
}

/** The requests the sandbox recorded on a route. */
export function requestsTo(sandbox: Sandbox, route: 'create' | 'retrieve' | 'media' | 'upload') {
  return sandbox.requests.filter((r) => r.route === route);
}
