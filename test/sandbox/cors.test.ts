/**
 * CORS: a page on another origin can call the sandbox (preflights answered, the
 * requesting origin allowed), and `cors: false` makes it a server without CORS.
 * test/platform/browser.test.ts checks the same from a real page in Chromium.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CREATE_PATH, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BODY, postCreate } from '../helpers/sandbox.js';
import { TEST_KEY } from '../helpers/omni.js';

const ORIGIN = 'http://127.0.0.1:5173';
const preflight = (sandbox: Sandbox) =>
  fetch(sandbox.url + CREATE_PATH, {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('with CORS (the default)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: 0 });
  });
  afterAll(() => sandbox.close());

  test('answers a preflight with 204, allowing the origin, methods and headers; not recorded', async () => {
    const res = await preflight(sandbox);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(sandbox.requests).toEqual([]);
  });

  test('allows the origin on answers and exposes Retry-After', async () => {
    const res = await postCreate(sandbox, BODY, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
    await res.body?.cancel();
  });

  test('adds nothing to a request without an Origin', async () => {
    const res = await postCreate(sandbox);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await res.body?.cancel();
  });
});

test('cors: false sends no CORS headers and refuses preflights', async () => {
  const sandbox = await startSandbox({ cors: false });
  try {
    const res = await preflight(sandbox);
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await res.body?.cancel();
    const answer = await postCreate(sandbox, BODY, { key: TEST_KEY, headers: { origin: ORIGIN } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    await answer.body?.cancel();
  } finally {
    await sandbox.close();
  }
});
