/**
 * The sandbox's upload route, spoken to with the platform's own FormData (not the
 * SDK): the documented answer, the key check, the spec's limits, and the stored file
 * served from the signed, expiring media route.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  SANDBOX_DEFAULTS,
  startSandbox,
  UPLOAD_PATH,
  type Sandbox,
} from '../../src/sandbox/index.js';
import { specValidator } from '../../src/sandbox/spec-validator.js';
import { authHeaders, T0 } from '../helpers/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => T0, maxUploadBytes: 1000 });
});
afterAll(() => sandbox.close());

function post(form: FormData | string, headers: Record<string, string> = authHeaders()) {
  return fetch(sandbox.url + UPLOAD_PATH, { method: 'POST', headers, body: form });
}
const formWith = (name: string, bytes: BlobPart = 'image bytes', field = 'file') => {
  const form = new FormData();
  form.append(field, new Blob([bytes]), name);
  return form;
};

describe('POST /api/open-api/v1/files/upload', () => {
  test('stores the file and answers as the provider documents (code an integer)', async () => {
    const res = await post(formWith('cat.PNG'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      code: 20000,
      msg: 'ok',
      data: {
        url: expect.stringMatching(
          /^http:\/\/127\.0\.0\.1:\d+\/media\/up_\w+\.png\?expires=\d+&sig=\w+$/,
        ),
        filename: 'cat.PNG',
        size: 11,
        mime_type: 'image/png', // from the extension, not the uploader's claim
      },
    });
    expect(specValidator('UploadFileResponse').validate(body)).toEqual({ valid: true });
    const served = await fetch(body.data.url);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('image bytes');
    expect(sandbox.requests.at(-2)?.body).toMatch(/^\(multipart upload, \d+ bytes\)$/);
  });

  test.each<[string, () => Promise<Response>, number, RegExp]>([
    ['no key', () => post(formWith('a.png'), {}), 401, /missing api key/],
    [
      'not multipart',
      () => post('{}', { ...authHeaders(), 'content-type': 'application/json' }),
      415,
      /multipart\/form-data/,
    ],
    [
      'an extension not listed',
      () => post(formWith('notes.txt')),
      400,
      /unsupported file type "notes\.txt"/,
    ],
    [
      'another field',
      () => post(formWith('a.png', 'x', 'image')),
      400,
      /unknown form field\(s\): image/,
    ],
    ['an empty file', () => post(formWith('a.png', '')), 400, /empty/],
    [
      'over the limit',
      () => post(formWith('a.png', new Uint8Array(1001))),
      413,
      /at most 1000 bytes/,
    ],
  ])('refuses %s', async (_, call, status, msg) => {
    const before = sandbox.uploads.length;
    const res = await call();
    expect(res.status).toBe(status);
    expect((await res.json()).msg).toMatch(msg);
    expect(sandbox.uploads.length).toBe(before);
  });

  test('a link that is tampered with or expired is refused', async () => {
    const { data } = await (await post(formWith('b.png'))).json();
    const tampered = new URL(data.url);
    tampered.searchParams.set('sig', '0'.repeat(32));
    expect((await fetch(tampered)).status).toBe(403);
    sandbox.advance(SANDBOX_DEFAULTS.linkTtlMs + 1);
    expect((await fetch(data.url)).status).toBe(403);
  });

  test("the default limit is the spec's 100 MB", () => {
    expect(SANDBOX_DEFAULTS.maxUploadBytes).toBe(100 * 1024 * 1024);
  });
});
