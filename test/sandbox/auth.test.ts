/** Bearer auth on both endpoints: 401 envelope without an accepted key. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createTaskId, getTask, postCreate } from '../helpers/sandbox.js';
import { TEST_KEY } from '../helpers/omni.js';

async function expect401(res: Response, msg: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  expect(await res.json()).toEqual({ code: '20001', msg, data: null });
}

describe('by default (any non-empty key)', () => {
  let sandbox: Sandbox;
  let taskId: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    taskId = await createTaskId(sandbox);
  });
  afterAll(() => sandbox.close());

  test('create without a key: 401 and no task', async () => {
    await expect401(await postCreate(sandbox, undefined, { key: null }), 'missing api key');
    expect(sandbox.tasks).toHaveLength(1);
  });

  test('retrieve without a key: 401', async () => {
    await expect401(await getTask(sandbox, taskId, { key: null }), 'missing api key');
  });

  test.each([
    ['another scheme', `Basic ${TEST_KEY}`],
    ['an empty bearer', 'Bearer '],
    ['a bare key', TEST_KEY],
  ])('%s is refused', async (_, authorization) => {
    await expect401(
      await postCreate(sandbox, undefined, { headers: { authorization } }),
      'missing api key',
    );
  });

  test('any non-empty bearer key is accepted, the scheme in any case', async () => {
    expect((await postCreate(sandbox, undefined, { key: 'x' })).status).toBe(200);
    const lower = await postCreate(sandbox, undefined, {
      headers: { authorization: 'bearer sk_1' },
    });
    expect(lower.status).toBe(200);
    expect((await getTask(sandbox, taskId, { key: 'sk_other' })).status).toBe(200);
  });
});

describe('with apiKeys', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKeys: ['sk_good', 'sk_also_good'] });
  });
  afterAll(() => sandbox.close());

  test('accepts the listed keys only', async () => {
    expect((await postCreate(sandbox, undefined, { key: 'sk_good' })).status).toBe(200);
    expect((await postCreate(sandbox, undefined, { key: 'sk_also_good' })).status).toBe(200);
    await expect401(await postCreate(sandbox, undefined, { key: 'sk_bad' }), 'invalid api key');
    const id = sandbox.tasks[0]!.id;
    expect((await getTask(sandbox, id, { key: 'sk_good' })).status).toBe(200);
    await expect401(await getTask(sandbox, id, { key: 'sk_bad' }), 'invalid api key');
    expect(sandbox.tasks).toHaveLength(2);
  });

  test('an empty list accepts no key', async () => {
    const closed = await startSandbox({ apiKeys: [] });
    try {
      await expect401(await postCreate(closed, undefined, { key: 'sk_good' }), 'invalid api key');
    } finally {
      await closed.close();
    }
  });
});
