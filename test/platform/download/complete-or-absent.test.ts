/**
 * Promise: downloads are complete or absent, and what they save is a video. Against a
 * table of video hosts: compressed bodies are saved decoded (their Content-Length is
 * the compressed one), a body cut off is refused, a web page or an error message sent
 * with 200 is never saved as a video, a missing folder is created (and removed again
 * when the download fails), and a failure to put the file into place says its real
 * cause. Nothing is ever left behind when a download fails.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, test } from 'vitest';
import { DownloadError, Omni, ValidationError } from '../../../src/index.js';
import { type HostileServer, hostileServer } from '../../helpers/hostile-server.js';
import { clientOn } from '../../helpers/omni.js';

const VIDEO = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'omni-hostile-dl-'));
});

type Host = (res: ServerResponse) => void;
const send =
  (headers: Record<string, string>, body: Buffer | string): Host =>
  (res) =>
    res.writeHead(200, { 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body);
const gzip = gzipSync(VIDEO);

/** Hosts whose answer is the video, however it travels. */
const SAVED: [string, Host][] = [
  ['video/mp4', send({ 'content-type': 'video/mp4' }, VIDEO)],
  ['no content type', send({}, VIDEO)],
  ['application/octet-stream', send({ 'content-type': 'application/octet-stream' }, VIDEO)],
  [
    'gzip, with the compressed Content-Length',
    send({ 'content-type': 'video/mp4', 'content-encoding': 'gzip' }, gzip),
  ],
  [
    'br, with the compressed Content-Length',
    send({ 'content-type': 'video/mp4', 'content-encoding': 'br' }, brotliCompressSync(VIDEO)),
  ],
  [
    'gzip, chunked',
    (res) =>
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-encoding': 'gzip' }).end(gzip),
  ],
];

/** Hosts whose answer must not be saved, and what the error must say. */
const REFUSED: [string, Host, RegExp][] = [
  [
    'a login page (text/html, 200)',
    send({ 'content-type': 'text/html; charset=utf-8' }, '<html><title>Sign in</title></html>'),
    /text\/html.*not a video/,
  ],
  [
    'an error as JSON (200)',
    send({ 'content-type': 'application/json' }, '{"error":"expired"}'),
    /application\/json.*not a video/,
  ],
  ['plain text (200)', send({ 'content-type': 'text/plain' }, 'AccessDenied'), /text\/plain/],
  [
    'an XML error (S3 style)',
    send({ 'content-type': 'application/xml' }, '<Error><Code>AccessDenied</Code></Error>'),
    /application\/xml/,
  ],
  // Mislabelled: what the body begins with gives it away (no video opens with text).
  [
    'a page sent as application/octet-stream (200)',
    send({ 'content-type': 'application/octet-stream' }, '<!doctype html><title>Error</title>'),
    /application\/octet-stream.*begins as text.*not a video/,
  ],
  [
    'an error as JSON with no content type (200)',
    send({}, '{"error":"expired"}'),
    /no content type.*begins as text.*not a video/,
  ],
  [
    'a page labelled video/mp4, after a byte order mark and blank lines',
    send({ 'content-type': 'video/mp4' }, '\ufeff\r\n  <html><body>Not found</body></html>'),
    /video\/mp4.*begins as text.*not a video/,
  ],
  [
    'gzip cut off in the middle',
    (res) => {
      res.writeHead(200, {
        'content-type': 'video/mp4',
        'content-encoding': 'gzip',
        'content-length': String(gzip.length),
      });
      res.write(gzip.subarray(0, gzip.length >> 1), () => res.socket?.destroy());
    },
    /download failed|ended after/,
  ],
  [
    'a body cut off',
    (res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
      res.write(VIDEO.subarray(0, 1000), () => res.socket?.destroy());
    },
    /download failed|ended after/,
  ],
];

async function host(
  answer: Host,
): Promise<{ server: HostileServer; omni: Omni } & AsyncDisposable> {
  const server = await hostileServer((_, res) => answer(res));
  const omni = clientOn('https://api.invalid');
  return { server, omni, [Symbol.asyncDispose]: () => server.close() };
}

describe('saved, decoded and complete', () => {
  test.each(SAVED)('%s', async (_, answer) => {
    await using h = await host(answer);
    const dest = join(dir, 'fox.mp4');
    const result = await h.omni.videos.download(`${h.server.url}/v.mp4`, dest);
    expect(result.bytes).toBe(VIDEO.length);
    expect(readFileSync(dest).equals(VIDEO)).toBe(true);
    expect(readdirSync(dir)).toEqual(['fox.mp4']);
  });
});

describe('refused, nothing left behind', () => {
  test.each(REFUSED)('%s', async (_, answer, says) => {
    await using h = await host(answer);
    // Into a folder that does not exist yet: the folder made for it goes too.
    const error = await h.omni.videos
      .download(`${h.server.url}/v.mp4?sig=secret`, join(dir, 'new', 'fox.mp4'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(says);
    expect((error as Error).message).not.toContain('secret');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a body cut off, again and again: never a .part left behind', () => {
  // Seen once in CI: a download cut off into a missing folder left that folder behind
  // (not empty, so not removed). The likely cause, a write stream still opening its
  // .part file when the body failed, is closed by opening it before any byte flows; this
  // stress run did not reproduce the failure on demand, so it guards the promise rather
  // than that one race.
  test('100 downloads cut off at once after the headers, into missing folders', async () => {
    await using h = await host((res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
      res.flushHeaders();
      setImmediate(() => res.socket?.destroy());
    });
    const errors = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        h.omni.videos
          // One cut each, as the race this guards needs (resumes would only repeat it).
          .download(`${h.server.url}/v.mp4`, join(dir, `new${i}`, 'fox.mp4'), { maxResumes: 0 })
          .catch((e) => e),
      ),
    );
    for (const error of errors) expect(error).toBeInstanceOf(DownloadError);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the destination', () => {
  test('a missing folder is created, as the CLI does', async () => {
    await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
    const dest = join(dir, 'out', 'day 1', 'fox.mp4');
    await h.omni.videos.download(`${h.server.url}/v.mp4`, dest);
    expect(readFileSync(dest).equals(VIDEO)).toBe(true);
    expect(readdirSync(join(dir, 'out', 'day 1'))).toEqual(['fox.mp4']);
  });

  test('a folder that cannot be created is named, with the reason', async () => {
    await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
    writeFileSync(join(dir, 'file'), 'not a folder');
    const error = await h.omni.videos
      .download(`${h.server.url}/v.mp4`, join(dir, 'file', 'fox.mp4'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toContain(`Could not create the folder ${join(dir, 'file')}`);
    expect((error as Error).message).not.toContain('.part');
    expect(readdirSync(dir)).toEqual(['file']);
  });

  test('an existing file is kept, and the error says how to replace it', async () => {
    await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
    writeFileSync(join(dir, 'fox.mp4'), 'mine');
    const error = await h.omni.videos
      .download(`${h.server.url}/v.mp4`, join(dir, 'fox.mp4'))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/already exists; pass overwrite: true/);
    expect(readFileSync(join(dir, 'fox.mp4'), 'utf8')).toBe('mine');
  });

  test.each([false, true])(
    'a folder at the destination (overwrite: %s) is refused before the video is fetched',
    async (overwrite) => {
      await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
      mkdirSync(join(dir, 'fox.mp4'));
      const error = await h.omni.videos
        .download(`${h.server.url}/v.mp4`, join(dir, 'fox.mp4'), { overwrite })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as Error).message).toMatch(/fox\.mp4 is a folder/);
      expect(h.server.requests).toHaveLength(0);
      expect(readdirSync(dir)).toEqual(['fox.mp4']);
    },
  );

  test('an empty destination path is a ValidationError that says so', async () => {
    await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
    const error = await h.omni.videos.download(`${h.server.url}/v.mp4`, '').catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: 'destPath', message: 'must be a file path, not an empty string' },
    ]);
  });

  test('a file that appears during the download is not clobbered', async () => {
    await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
    const dest = join(dir, 'fox.mp4');
    const error = await h.omni.videos
      .download(`${h.server.url}/v.mp4`, dest, {
        onProgress: () => void (existsSync(dest) || writeFileSync(dest, 'theirs')),
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/already exists; pass overwrite: true/);
    expect(readFileSync(dest, 'utf8')).toBe('theirs');
    expect(readdirSync(dir)).toEqual(['fox.mp4']);
  });

  test('a folder removed during the download: the real cause, not "already exists"', async () => {
    await using h = await host(send({ 'content-type': 'video/mp4' }, VIDEO));
    const folder = join(dir, 'out');
    const error = await h.omni.videos
      .download(`${h.server.url}/v.mp4`, join(folder, 'fox.mp4'), {
        onProgress: () => rmSync(folder, { recursive: true, force: true }),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).not.toContain('already exists');
    // Depending on when the folder goes, the write or the final link fails: either way ENOENT.
    expect((error as Error).message).toMatch(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
