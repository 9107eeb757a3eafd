/**
 * The sandbox's faults of the second hostile round, against the public calls: an answer
 * whose failure reason nests 5,000 levels deep (`deep-json`) and an answer over the SDK's
 * 1 MiB cap (`huge-answer`). Whatever the call, it settles with the task or a typed
 * OmniError naming it: never a raw error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MalformedResponseError, Omni, OmniError } from '../../../src/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { virtualSandbox } from '../../helpers/virtual-sandbox.js';

const BODY = { model: 'Gemini-Omini', prompt: 'A red fox running through fresh snow' } as const;

let sandbox: Sandbox;
let omni: Omni;
// On a virtual clock: the task's seconds pass as the wait sleeps, not in real time.
beforeAll(async () => {
  ({ sandbox, omni } = await virtualSandbox({ seed: 19 }, { maxRetries: 0 }));
});
afterAll(() => sandbox.close());

describe('deep-json: a failure reason 5,000 levels deep', () => {
  test('retrieve hands back the task, the reason as bounded text', async () => {
    const { task_id } = await omni.videos.create(BODY);
    sandbox.injectFault({ kind: 'deep-json', route: 'retrieve' });
    const task = await omni.videos.retrieve(task_id);
    expect(task.task_id).toBe(task_id);
    expect(typeof task.error_msg).toBe('string');
    expect(String(task.error_msg).length).toBeLessThanOrEqual(501);
  });

  test('wait goes on to the completed task', async () => {
    const { task_id } = await omni.videos.create(BODY);
    sandbox.injectFault({ kind: 'deep-json', route: 'retrieve', times: 3 });
    const done = await omni.videos.wait(task_id, { timeoutMs: 20_000 });
    expect(done.task_id).toBe(task_id);
  });
});

describe('huge-answer: over the 1 MiB cap', () => {
  test('retrieve refuses it with MalformedResponseError naming the task', async () => {
    const { task_id } = await omni.videos.create(BODY);
    sandbox.injectFault({ kind: 'huge-answer', route: 'retrieve' });
    const error = await omni.videos.retrieve(task_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as OmniError).taskId).toBe(task_id);
  });
});
