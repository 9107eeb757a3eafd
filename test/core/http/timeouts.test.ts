/** Every request has a timeout; a caller's AbortSignal cancels at once, in flight or between retries. */
import { expect, test } from 'vitest';
import { AbortError, CreateUncertainError, RequestTimeoutError } from '../../../src/index.js';
import type { FaultKind } from '../../../src/sandbox/index.js';
import { sandboxClient } from '../../helpers/omni.js';

const { sandbox, client } = await sandboxClient();
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

/** Resolves once the sandbox has received a new request that met `fault`. */
async function arrival(fault: FaultKind) {
  const seen = () => sandbox.requests.filter((r) => r.fault === fault).length;
  const before = seen();
  return { arrived: () => expect.poll(seen).toBe(before + 1) };
}

test('a per-call timeoutMs overrides the client default', async () => {
  const { task_id } = await client().videos.create(params);
  sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
  const error = await client({ timeoutMs: 60_000 })
    .videos.retrieve(task_id, { timeoutMs: 30, maxRetries: 0 })
    .catch((e) => e);
  expect(error).toBeInstanceOf(RequestTimeoutError);
  // On a loaded machine 30 ms can pass before the request reaches the sandbox: its
  // queued hang would then hit the next test's request instead.
  sandbox.clearFaults();
});

test('an abort cancels a request in flight at once, long before its timeout', async () => {
  const { task_id } = await client().videos.create(params);
  const hang = await arrival('hang');
  sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
  const controller = new AbortController();
  const pending = client({ timeoutMs: 60_000 }).videos.retrieve(task_id, {
    signal: controller.signal,
  });
  await hang.arrived();
  controller.abort();
  const error = await pending.catch((e) => e);
  expect(error).toBeInstanceOf(AbortError);
  expect(error.taskId).toBe(task_id);
});

test('an abort interrupts the wait before a retry', async () => {
  const { task_id } = await client().videos.create(params);
  const limited = await arrival('rate-limit');
  sandbox.injectFault({ kind: 'rate-limit', route: 'retrieve', retryAfter: 30 });
  const controller = new AbortController();
  const pending = client().videos.retrieve(task_id, { signal: controller.signal });
  await limited.arrived();
  controller.abort();
  await expect(pending).rejects.toBeInstanceOf(AbortError);
});

test('an abort of a create in flight is reported as uncertain: the task may exist', async () => {
  const hang = await arrival('hang');
  sandbox.injectFault({ kind: 'hang', route: 'create', process: true });
  const controller = new AbortController();
  const pending = client({ timeoutMs: 60_000 }).videos.create(params, {
    signal: controller.signal,
  });
  await hang.arrived();
  controller.abort();
  const error = await pending.catch((e) => e);
  expect(error).toBeInstanceOf(CreateUncertainError);
  expect(error.cause).toBeInstanceOf(AbortError);
});
