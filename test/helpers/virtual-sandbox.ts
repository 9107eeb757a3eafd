/**
 * A sandbox and a client sharing one virtual clock: a task's minutes pass in
 * milliseconds, and the client's sleeps advance the sandbox's time. Closed by
 * `await using`.
 */
import type { OmniOptions } from '../../src/index.js';
import { type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { clientOn } from './omni.js';
import { virtualClock } from './virtual-clock.js';

export async function virtualSandbox(options: SandboxOptions = {}, client: OmniOptions = {}) {
  const clock = virtualClock();
  const sandbox = await startSandbox({ now: clock.now, jitter: 0, ...options });
  const omni = clientOn(sandbox.url, { clock, ...client });
  return { clock, sandbox, omni, [Symbol.asyncDispose]: () => sandbox.close() };
}
