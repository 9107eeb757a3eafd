/** Safety checks, all before anything is sent: task ids, base URLs, missing keys. */
import { describe, expect, test } from 'vitest';
import { Omni, ValidationError } from '../../src/index.js';
import { clientOn, requestsTo, sandboxClient, TEST_KEY } from '../helpers/omni.js';
import { scriptedServer } from '../helpers/hostile-server.js';
import { ok } from '../helpers/envelope.js';

const { sandbox, client } = await sandboxClient();

describe('task ids', () => {
  test.each(['', ' ', '.', '..', 'a/b', '../../gemini/omni/videos'])(
    '%j is refused before sending',
    async (id) => {
      sandbox.clearRequests();
      const error = await client()
        .videos.retrieve(id)
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues[0].path).toBe('taskId');
      expect(sandbox.requests).toHaveLength(0);
    },
  );

  test('other characters are percent-encoded and stay inside the videos path', async () => {
    sandbox.clearRequests();
    await client()
      .videos.retrieve('a?b#c%2F..')
      .catch(() => undefined);
    expect(requestsTo(sandbox, 'retrieve').map((r) => r.url)).toEqual([
      '/api/open-api/v1/videos/a%3Fb%23c%252F..',
    ]);
  });
});

describe('base URLs', () => {
  test.each([
    'http://api.example.com',
    'http://10.0.0.1:8080',
    'ftp://www.jimmyai.cn',
    'www.jimmyai.cn',
  ])('%s is refused', (baseUrl) => {
    expect(() => new Omni({ apiKey: TEST_KEY, baseUrl })).toThrow(ValidationError);
  });

  test.each([
    'https://www.jimiai.com',
    'http://127.0.0.1:4010',
    'http://localhost:4010/',
    'http://[::1]:4010',
  ])('%s is accepted', (baseUrl) => {
    expect(new Omni({ apiKey: TEST_KEY, baseUrl }).baseUrl).toBe(baseUrl.replace(/\/$/, ''));
  });

  test('defaults: JIMMYAI_BASE_URL, else the primary host', () => {
    const saved = process.env.JIMMYAI_BASE_URL;
    try {
      delete process.env.JIMMYAI_BASE_URL;
      expect(new Omni({ apiKey: TEST_KEY }).baseUrl).toBe('https://www.jimmyai.cn');
      process.env.JIMMYAI_BASE_URL = 'https://www.jimiai.com';
      expect(new Omni({ apiKey: TEST_KEY }).baseUrl).toBe('https://www.jimiai.com');
    } finally {
      if (saved === undefined) delete process.env.JIMMYAI_BASE_URL;
      else process.env.JIMMYAI_BASE_URL = saved;
    }
  });
});

describe('the key', () => {
  test('is read from JIMMYAI_API_KEY and sent as a bearer token', async () => {
    const saved = process.env.JIMMYAI_API_KEY;
    process.env.JIMMYAI_API_KEY = TEST_KEY;
    try {
      sandbox.clearRequests();
      await new Omni({ baseUrl: sandbox.url }).videos.create({
        model: 'Gemini-Omini',
        prompt: 'x',
      });
      expect(requestsTo(sandbox, 'create')[0]?.headers.authorization).toBe('Bearer ***');
    } finally {
      if (saved === undefined) delete process.env.JIMMYAI_API_KEY;
      else process.env.JIMMYAI_API_KEY = saved;
    }
  });

  test('missing: a ValidationError naming apiKey, before anything is sent', async () => {
    const saved = process.env.JIMMYAI_API_KEY;
    delete process.env.JIMMYAI_API_KEY;
    try {
      sandbox.clearRequests();
      const error = await new Omni({ baseUrl: sandbox.url }).videos.retrieve('t1').catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues).toEqual([
        { path: 'apiKey', message: expect.stringContaining('JIMMYAI_API_KEY') },
      ]);
      expect(sandbox.requests).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.JIMMYAI_API_KEY = saved;
    }
  });

  test('invalid params are refused before anything is sent', async () => {
    sandbox.clearRequests();
    await expect(
      client().videos.create({
        model: 'omni-10s',
        prompt: 'x',
        video_urls: ['https://e.com/v.mp4'],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('the key stays with the API', () => {
  test('a redirect to another host is not followed: the key never goes there', async () => {
    const elsewhere = await scriptedServer([{ body: ok({ task_id: 't1', status: 'queued' }) }]);
    const api = await scriptedServer([
      {
        status: 302,
        headers: { location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/x` },
        body: '',
      },
    ]);
    try {
      const error = await clientOn(api.url, { maxRetries: 0 })
        .videos.retrieve('t1')
        .catch((e) => e);
      expect(error).toMatchObject({ name: 'ApiError', status: 302, taskId: 't1' });
      expect(error.message).toMatch(/redirect .*not followed/);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await Promise.all([api.close(), elsewhere.close()]);
    }
  });
});

describe('numeric options', () => {
  test.each([
    ['timeoutMs', { timeoutMs: -1 }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['maxRetries', { maxRetries: 1.5 }],
    ['maxRetries', { maxRetries: -1 }],
  ])('a bad %s is refused by the client and by each call, before sending', async (path, bad) => {
    expect(() => new Omni({ apiKey: TEST_KEY, ...bad })).toThrow(ValidationError);
    sandbox.clearRequests();
    const error = await client()
      .videos.retrieve('t1', bad)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    expect(sandbox.requests).toHaveLength(0);
  });
});
