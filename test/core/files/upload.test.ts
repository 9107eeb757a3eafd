/**
 * `omni.files.upload` against the sandbox over loopback: paths, Blobs, Files and
 * bytes; the checks made before sending; progress; abort; retries only when nothing
 * arrived; and a local image through upload → create → wait → download.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import {
  AbortError,
  CallbackError,
  ApiError,
  ConnectionError,
  MAX_UPLOAD_BYTES,
  Omni,
  ValidationError,
} from '../../../src/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { hostileServer } from '../../helpers/hostile-server.js';
import { requestsTo, sandboxClient } from '../../helpers/omni.js';

const dir = mkdtempSync(join(tmpdir(), 'omni-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Not a real PNG: the service (and the sandbox) go by the name's extension.
const PNG = Buffer.from('\x89PNG\r\n\x1a\n fake image bytes for the test', 'latin1');
const catPath = join(dir, 'cat.png');
writeFileSync(catPath, PNG);

const { sandbox, client } = await sandboxClient({ timeScale: 0 });
const omni = client();
beforeEach(() => {
  sandbox.clearRequests();
  sandbox.clearFaults();
});

async function validationIssues(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}

describe('what it takes', () => {
  test('a path: the URL, the metadata, and the very bytes behind the URL', async () => {
    const uploaded = await omni.files.upload(catPath);
    expect(uploaded).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/media\/up_\w+\.png\?/),
      filename: 'cat.png',
      size: PNG.length,
      mime_type: 'image/png',
    });
    const served = await fetch(uploaded.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    // One request, with an exact length and a bearer key.
    const [request] = requestsTo(sandbox, 'upload');
    expect(requestsTo(sandbox, 'upload')).toHaveLength(1);
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.headers.authorization).toBe('Bearer ***');
    expect(Number(request?.headers['content-length'])).toBeGreaterThan(PNG.length);
  });

  test.each([
    ['a File', () => new File([PNG], 'cat.png', { type: 'image/png' }), undefined],
    ['a Blob with a filename', () => new Blob([PNG]), 'cat.png'],
    ['a Uint8Array with a filename', () => new Uint8Array(PNG), 'cat.PNG'],
    ['an ArrayBuffer with a filename', () => new Uint8Array(PNG).buffer, 'cat.jpeg'],
  ])('%s', async (_, input, filename) => {
    const uploaded = await omni.files.upload(input(), { filename });
    expect(uploaded.size).toBe(PNG.length);
    expect(uploaded.filename).toBe(filename ?? 'cat.png');
    const stored = sandbox.uploads.at(-1)!;
    expect(Buffer.from(stored.bytes).equals(PNG)).toBe(true);
  });

  test('a name with quotes and a line break is escaped (as browsers do), and arrives whole', async () => {
    const uploaded = await omni.files.upload(new Uint8Array(PNG), {
      filename: 'a "b"\r\nX: y.png',
    });
    // The parser undoes the escaping: the name arrives as it was, not as a header.
    expect(uploaded.filename).toBe('a "b"\r\nX: y.png');
  });
});

describe('checked before anything is sent', () => {
  test.each<[string, () => Promise<unknown>, string, RegExp]>([
    [
      'bytes without a name',
      () => omni.files.upload(new Uint8Array(PNG)),
      'filename',
      /is required/,
    ],
    [
      'an extension not listed',
      () => omni.files.upload(new Uint8Array(PNG), { filename: 'notes.txt' }),
      'file',
      /extension \.txt.*\.png.*provider's documented rule/,
    ],
    [
      'no extension',
      () => omni.files.upload(new Uint8Array(PNG), { filename: 'cat' }),
      'file',
      /has no extension/,
    ],
    [
      'an empty file',
      () => omni.files.upload(new Uint8Array(0), { filename: 'a.png' }),
      'file',
      /is empty.*SDK's decision/,
    ],
    ['a missing path', () => omni.files.upload(join(dir, 'nope.png')), 'file', /no such file/],
    ['a directory', () => omni.files.upload(dir), 'file', /is not a file/],
    ['not a file at all', () => omni.files.upload(42 as never), 'file', /must be a path, a Blob/],
  ])('%s', async (_, call, path, message) => {
    expect(await validationIssues(call())).toEqual([
      expect.objectContaining({ path, message: expect.stringMatching(message) }),
    ]);
    expect(requestsTo(sandbox, 'upload')).toEqual([]);
  });

  test('the limits say whose rule they are in fields too', async () => {
    const [ext] = await validationIssues(
      omni.files.upload(new Uint8Array(PNG), { filename: 'notes.txt' }),
    );
    const [empty] = await validationIssues(
      omni.files.upload(new Uint8Array(0), { filename: 'a.png' }),
    );
    expect(ext).toMatchObject({
      source: 'provider',
      rule: expect.stringMatching(/the upload takes .*\.png.*\.ogg$/),
    });
    expect(empty).toMatchObject({ source: 'decision', rule: 'is empty' });
    for (const issue of [ext, empty])
      expect(issue?.message.startsWith(`${issue?.rule} (`)).toBe(true);
  });

  test('a file over 100 MB (a sparse file: nothing is read)', async () => {
    const big = join(dir, 'big.mp4');
    writeFileSync(big, '');
    truncateSync(big, MAX_UPLOAD_BYTES + 1);
    expect(await validationIssues(omni.files.upload(big))).toEqual([
      {
        path: 'file',
        message: expect.stringMatching(/at most 100 MB/),
        rule: expect.stringMatching(/at most 100 MB \(\d+ bytes\)$/),
        source: 'provider',
      },
    ]);
    expect(requestsTo(sandbox, 'upload')).toEqual([]);
  });

  test('check(): the same checks, nothing sent, no key needed', async () => {
    const keyless = new Omni({ apiKey: '', baseUrl: sandbox.url });
    await expect(keyless.files.check(catPath)).resolves.toBeUndefined();
    await expect(keyless.files.check(PNG, { filename: 'cat.png' })).resolves.toBeUndefined();
    expect(await validationIssues(keyless.files.check(PNG, { filename: 'notes.txt' }))).toEqual([
      expect.objectContaining({
        path: 'file',
        source: 'provider',
        rule: expect.stringMatching(/\.txt/),
      }),
    ]);
    expect(await validationIssues(keyless.files.check(join(dir, 'nope.png')))).toEqual([
      expect.objectContaining({ path: 'file', message: expect.stringMatching(/no such file/) }),
    ]);
    expect(requestsTo(sandbox, 'upload')).toEqual([]);
  });

  test('no key: refused before sending', async () => {
    const keyless = new Omni({ apiKey: '', baseUrl: sandbox.url });
    expect(await validationIssues(keyless.files.upload(catPath))).toEqual([
      { path: 'apiKey', message: expect.stringMatching(/missing/) },
    ]);
    expect(requestsTo(sandbox, 'upload')).toEqual([]);
  });
});

describe('progress, abort and retries', () => {
  const big = new Uint8Array(3 * 1024 * 1024).fill(7);

  test('progress rises to the exact length sent', async () => {
    const seen: Array<[number, number]> = [];
    await omni.files.upload(big, {
      filename: 'clip.mp4',
      onProgress: (sent, total) => seen.push([sent, total]),
    });
    const total = Number(requestsTo(sandbox, 'upload')[0]?.headers['content-length']);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen.map(([s]) => s)).toEqual([...seen.map(([s]) => s)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([total, total]);
  });

  test('a throwing progress callback stops the upload with a CallbackError (the one callback rule)', async () => {
    const before = sandbox.uploads.length;
    const bug = new Error('caller bug');
    const error = await omni.files
      .upload(big, {
        filename: 'clip.mp4',
        onProgress: () => {
          throw bug;
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).cause).toBe(bug);
    expect(sandbox.uploads.length).toBe(before);
  });

  test('an async progress callback that rejects stops the upload the same way, never unhandled', async () => {
    const before = sandbox.uploads.length;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const bug = new Error('async caller bug');
      const error = await omni.files
        .upload(big, { filename: 'clip.mp4', onProgress: async () => Promise.reject(bug) })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallbackError);
      expect((error as CallbackError).cause).toBe(bug);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(sandbox.uploads.length).toBe(before);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('abortable in flight: AbortError, and the file is not stored', async () => {
    const controller = new AbortController();
    const before = sandbox.uploads.length;
    const error = await omni.files
      .upload(big, {
        filename: 'clip.mp4',
        signal: controller.signal,
        onProgress: (sent) => {
          if (sent > 100_000) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(sandbox.uploads.length).toBe(before);
  });

  test('retried when the service did no work (429)', async () => {
    sandbox.injectFault({ kind: 'rate-limit', route: 'upload', retryAfter: '0' });
    const uploaded = await omni.files.upload(catPath);
    expect(uploaded.filename).toBe('cat.png');
    expect(requestsTo(sandbox, 'upload').map((r) => r.status)).toEqual([429, 200]);
  });

  test('not resent once it may have arrived (a reset after processing)', async () => {
    sandbox.injectFault({ kind: 'reset-after', route: 'upload' });
    const before = sandbox.uploads.length;
    await expect(omni.files.upload(catPath)).rejects.toBeInstanceOf(ConnectionError);
    expect(requestsTo(sandbox, 'upload')).toHaveLength(1);
    expect(sandbox.uploads.length).toBe(before + 1);
  });
});

describe("the sandbox's limit", () => {
  test('a file over its limit gets 413, a typed ApiError', async () => {
    const small = await startSandbox({ maxUploadBytes: 1000 });
    try {
      const tiny = new Omni({ apiKey: 'sk_x', baseUrl: small.url, maxRetries: 0 });
      const error = await tiny.files
        .upload(new Uint8Array(2000), { filename: 'a.png' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(413);
      expect(small.uploads).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

test('a local image flows through upload → create (frame mode) → wait → download', async () => {
  const image = await omni.files.upload(catPath);
  const done = await omni.videos.generate(
    {
      model: 'Gemini-Omini',
      prompt: 'the cat wakes up',
      generation_type: 'frame',
      image_urls: [image.url],
    },
    { pollIntervalMs: 1 },
  );
  expect(sandbox.task(done.task_id)?.request.image_urls).toEqual([image.url]);
  const out = join(dir, 'cat.mp4');
  const saved = await omni.videos.download(done, out);
  expect(saved.bytes).toBeGreaterThan(500);
  expect(readFileSync(out).subarray(4, 8).toString('latin1')).toBe('ftyp');
});

describe('against a server that redirects (not the sandbox)', () => {
  test.each([301, 302, 307, 308])(
    'a %i is not followed: the file is sent once, and the answer is an error',
    async (status) => {
      const server = await hostileServer((req, res) => {
        res.writeHead(status, { location: req.url }).end();
      });
      try {
        const error = await new Omni({ apiKey: 'sk_test_redirect', baseUrl: server.url }).files
          .upload(PNG, { filename: 'cat.png' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(status);
        expect(server.count('POST')).toBe(1);
        expect(server.requests).toHaveLength(1);
      } finally {
        await server.close();
      }
    },
  );
});
