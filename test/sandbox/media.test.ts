/** The media route: a signed, expiring link to a small real MP4, no API key needed. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  PROMPT_MARKERS,
  SANDBOX_DEFAULTS,
  startSandbox,
  type Sandbox,
} from '../../src/sandbox/index.js';
import { T0, createTaskId, retrieve } from '../helpers/sandbox.js';

const sample = await readFile(new URL('../../src/sandbox/assets/sample.mp4', import.meta.url));

/** A completed task's `video_url`. */
async function videoUrl(sandbox: Sandbox, prompt?: string): Promise<string> {
  const id = await createTaskId(sandbox, prompt);
  sandbox.advance(sandbox.task(id)!.endsAtMs - sandbox.now());
  return (await retrieve(sandbox, id)).body.data.result.video_url;
}

function tamper(url: string, param: string, value: (old: string) => string): string {
  const u = new URL(url);
  u.searchParams.set(param, value(u.searchParams.get(param)!));
  return u.toString();
}

describe('with the default 3-day link', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => T0, jitter: 0 });
  });
  afterAll(() => sandbox.close());

  test('serves the sample MP4 without a key: video/mp4 and a correct Content-Length', async () => {
    expect(sample.length).toBeGreaterThan(500);
    expect(sample.length).toBeLessThan(20_000);
    expect(sample.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const res = await fetch(await videoUrl(sandbox));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(sample.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(sample)).toBe(true);
  });

  test('HEAD answers the headers only', async () => {
    const res = await fetch(await videoUrl(sandbox), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(sample.length));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  test('the link is the sandbox’s own media path with expires and sig', async () => {
    const url = new URL(await videoUrl(sandbox));
    expect(url.origin).toBe(sandbox.url);
    expect(url.pathname).toMatch(/^\/media\/task_\w+\.mp4$/);
    expect([...url.searchParams.keys()]).toEqual(['expires', 'sig']);
  });

  test('works until 3 days after completion, then 403 link expired', async () => {
    const url = await videoUrl(sandbox);
    expect(SANDBOX_DEFAULTS.linkTtlMs).toBe(3 * 24 * 60 * 60 * 1000);
    sandbox.advance(SANDBOX_DEFAULTS.linkTtlMs);
    expect((await fetch(url)).status).toBe(200);
    sandbox.advance(1);
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: '20002', msg: 'link expired', data: null });
  });

  test.each([
    [
      'a changed sig',
      (url: string) => tamper(url, 'sig', (s) => (s[0] === 'a' ? 'b' : 'a') + s.slice(1)),
    ],
    ['a later expires', (url: string) => tamper(url, 'expires', (e) => String(Number(e) + 1000))],
    ['no sig', (url: string) => url.replace(/&sig=.*$/, '')],
    ['another task id', (url: string) => url.replace(/task_\w+\.mp4/, 'task_0000000000000.mp4')],
  ])('%s: 403 invalid signature', async (_, change) => {
    const url = await videoUrl(sandbox);
    expect((await fetch(url)).status).toBe(200);
    const res = await fetch(change(url));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: '20002', msg: 'invalid signature', data: null });
  });

  test('a failed task has no link; an unknown media path is 404', async () => {
    const id = await createTaskId(sandbox, `x ${PROMPT_MARKERS.fail}`);
    sandbox.advance(sandbox.task(id)!.endsAtMs - sandbox.now());
    expect((await retrieve(sandbox, id)).body.data.result).toBeNull();
    const res = await fetch(`${sandbox.url}/media/${id}.jpg`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: '20002' });
  });
});

test('linkTtlMs sets how long links live', async () => {
  const sandbox = await startSandbox({ now: () => T0, jitter: 0, linkTtlMs: 1000 });
  try {
    const url = await videoUrl(sandbox);
    expect(Number(new URL(url).searchParams.get('expires'))).toBe(sandbox.now() + 1000);
    sandbox.advance(1000);
    expect((await fetch(url)).status).toBe(200);
    sandbox.advance(1);
    expect((await fetch(url)).status).toBe(403);
  } finally {
    await sandbox.close();
  }
});

test('a clock with fractions of a millisecond still makes links that work', async () => {
  const sandbox = await startSandbox({ now: () => T0 + 0.6985, jitter: 0 });
  try {
    const url = await videoUrl(sandbox);
    expect(new URL(url).searchParams.get('expires')).toMatch(/^\d+$/);
    expect((await fetch(url)).status).toBe(200);
  } finally {
    await sandbox.close();
  }
});
