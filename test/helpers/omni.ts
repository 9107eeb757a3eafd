/**
 * Clients for tests: the one test key, and the one way to point an `Omni` at a test
 * server (the sandbox, a hostile server, a scripted one).
 */
import { afterAll } from 'vitest';
import { Omni, type OmniOptions } from '../../src/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';

import { TEST_KEY } from './key.js';

export { TEST_KEY };

/**
 * A client of `baseUrl` with the test key and a fixed jitter (`random` 0.5), so delays
 * are the same on every run; `options` override either.
 *
 * @example
 * const omni = clientOn(server.url, { clock: virtualClock(), maxRetries: 0 });
 */
export function clientOn(baseUrl: string, options: OmniOptions = {}): Omni {
  return new Omni({ apiKey: TEST_KEY, baseUrl, random: () => 0.5, ...options });
}

/** Starts a sandbox for this test file (closed after it) and returns a client factory. */
export async function sandboxClient(options: SandboxOptions = {}) {
  const sandbox: Sandbox = await startSandbox({ seed: 7, timeScale: 0.01, jitter: 0, ...options });
  afterAll(() => sandbox.close());
  const client = (overrides: OmniOptions = {}) =>
    clientOn(sandbox.url, { timeoutMs: 2000, ...overrides });
  return { sandbox, client };
}

/** The requests the sandbox recorded on a route. */
export function requestsTo(sandbox: Sandbox, route: 'create' | 'retrieve' | 'media' | 'upload') {
  return sandbox.requests.filter((r) => r.route === route);
}
