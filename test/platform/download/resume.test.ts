/**
 * Promise (issue 21): a download cut off mid-way continues from the bytes already
 * written (`Range`, with `If-Range` so that a changed video starts over); a host that
 * ignores ranges or answers with the wrong one starts over; resumes are bounded; the
 * file on disk is exactly the video or nothing; and where ranges work, all the bytes
 * fetched stay under 1.2× the video's size (counted at the host).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DownloadError } from '../../../src/index.js';
import { hostileApi, POLL_PATH, sendTask, TASK_ID } from '../../helpers/hostile-api.js';
import { clientOn } from '../../helpers/omni.js';
import { type VideoHost, videoBytes, videoHost } from '../../helpers/video-host.js';

const SIZE = 1_000_000;
const VIDEO = videoBytes(SIZE, 1);
const CHANGED = videoBytes(SIZE, 2);
const omni = clientOn('https://api.invalid');

let dir: string;
let host: VideoHost | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'omni-resume-'));
});
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** Downloads from the host into `dir/fox.mp4`, recording every progress report. */
async function download(options: { maxResumes?: number } = {}) {
  const progress: [number, number | undefined][] = [];
  const dest = join(dir, 'fox.mp4');
  const result = await omni.videos.download(host!.url, dest, {
    ...options,
    onProgress: (bytes, total) => void progress.push([bytes, total]),
  });
  return { result, progress, saved: readFileSync(dest) };
}

/** Each report at least the one before it. */
function expectMonotonic(progress: [number, number | undefined][]): void {
  for (let i = 1; i < progress.length; i++)
    expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
}

describe('cut off where ranges work: continues from the bytes written', () => {
  test.each([0.3, 0.6, 0.9])('at %s of the video', async (at) => {
    host = await videoHost({ video: () => VIDEO, cuts: [Math.round(SIZE * at)] });
    const { result, progress, saved } = await download();
    expect(saved.equals(VIDEO)).toBe(true);
    expect(result.bytes).toBe(SIZE);
    expect(host.bytesSent() / SIZE).toBeLessThan(1.2);
    const [first, second] = host.server.requests;
    expect(first!.headers.range).toBeUndefined();
    expect(second!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(second!.headers['if-range']).toBe('"v0"');
    expect(host.server.requests).toHaveLength(2);
    expectMonotonic(progress);
    expect(progress.at(-1)).toEqual([SIZE, SIZE]);
    expect(readdirSync(dir)).toEqual(['fox.mp4']);
  });

  test('at 30 %, 60 % and 90 % of one download', async () => {
    host = await videoHost({
      video: () => VIDEO,
      cuts: [0.3, 0.6, 0.9].map((at) => Math.round(SIZE * at)),
    });
    const { saved, progress } = await download();
    expect(saved.equals(VIDEO)).toBe(true);
    expect(host.server.requests).toHaveLength(4);
    expect(host.bytesSent() / SIZE).toBeLessThan(1.2);
    expectMonotonic(progress);
  });

  test('with Last-Modified as the only validator, If-Range carries it', async () => {
    host = await videoHost({
      video: () => VIDEO,
      cuts: [SIZE / 2],
      validator: 'last-modified',
    });
    const { saved } = await download();
    expect(saved.equals(VIDEO)).toBe(true);
    expect(host.server.requests[1]!.headers['if-range']).toBe(
      new Date(Date.UTC(2026, 0, 1)).toUTCString(),
    );
    expect(host.bytesSent() / SIZE).toBeLessThan(1.2);
  });
});

describe('starts over when a range cannot be trusted', () => {
  test('a host that ignores Range (200 every time)', async () => {
    host = await videoHost({ video: () => VIDEO, cuts: [SIZE / 2], ignoreRange: true });
    const { saved, progress } = await download();
    expect(saved.equals(VIDEO)).toBe(true);
    expect(host.server.requests).toHaveLength(2);
    // Reports pause during the restart rather than go back.
    expectMonotonic(progress);
    expect(progress.at(-1)).toEqual([SIZE, SIZE]);
  });

  test('a video changed between attempts (the ETag changes): the new one, whole', async () => {
    host = await videoHost({ video: (n) => (n === 0 ? VIDEO : CHANGED), cuts: [SIZE / 2] });
    const { saved } = await download();
    expect(saved.equals(CHANGED)).toBe(true);
    expect(host.server.requests[1]!.headers['if-range']).toBe('"v0"');
  });

  test('a 206 for another range than the one asked for', async () => {
    host = await videoHost({ video: () => VIDEO, cuts: [SIZE / 2], wrongRange: true });
    const { saved } = await download();
    expect(saved.equals(VIDEO)).toBe(true);
    // The wrong answer, then the whole video again without a range.
    expect(host.server.requests.map((r) => r.headers.range ?? 'whole')).toEqual([
      'whole',
      expect.stringMatching(/^bytes=[1-9]\d*-$/),
      'whole',
    ]);
  });

  test('no validator at all: no range is asked for a video that may have changed', async () => {
    host = await videoHost({ video: () => VIDEO, cuts: [SIZE / 2], validator: 'none' });
    const { saved } = await download();
    expect(saved.equals(VIDEO)).toBe(true);
    expect(host.server.requests.map((r) => r.headers.range)).toEqual([undefined, undefined]);
  });
});

describe('bounded', () => {
  test.each([
    [undefined, 6],
    [2, 3],
    [0, 1],
  ])(
    'maxResumes %s: %s requests to a host that always cuts, then nothing on disk',
    async (maxResumes, requests) => {
      // Each answer cut 5 % further on than the one before: progress, but never the end.
      const cuts = Array.from({ length: 19 }, (_, i) => ((i + 1) * SIZE) / 20);
      host = await videoHost({ video: () => VIDEO, cuts });
      const error = await download(maxResumes === undefined ? {} : { maxResumes }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DownloadError);
      expect(host.server.requests).toHaveLength(requests);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  test('a bad maxResumes is refused before anything is sent', async () => {
    host = await videoHost({ video: () => VIDEO });
    const error = await download({ maxResumes: -1 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ValidationError');
    expect((error as Error).message).toContain('maxResumes: must be a whole number from 0');
    expect(host.server.requests).toHaveLength(0);
  });
});

describe('the link expires mid-way', () => {
  test('a fresh link from the task (once), and the download goes on from where it was', async () => {
    const media = await videoHost({
      video: () => VIDEO,
      cuts: [SIZE / 2],
      // The first link stops working after its first answer.
      status: (n, req) => (n > 0 && req.url.includes('sig=0') ? 403 : undefined),
    });
    host = media;
    let polls = 0;
    await using api = await hostileApi((req, res) => {
      if (!req.url.startsWith(POLL_PATH)) return void res.writeHead(404).end();
      sendTask(res, {
        task_id: TASK_ID,
        status: 'completed',
        progress: 100,
        result: { video_url: `${media.url}?sig=${polls++}` },
      });
    });
    const dest = join(dir, 'fox.mp4');
    const result = await api.omni.videos.download(TASK_ID, dest);
    expect(result.bytes).toBe(SIZE);
    expect(readFileSync(dest).equals(VIDEO)).toBe(true);
    expect(polls).toBe(2);
    const [, stale, fresh] = media.server.requests;
    expect(media.server.requests.map((r) => r.url)).toEqual([
      '/video.mp4?sig=0',
      '/video.mp4?sig=0',
      '/video.mp4?sig=1',
    ]);
    // The same range asked of the fresh link: the bytes written were kept.
    expect(stale!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(fresh!.headers.range).toBe(stale!.headers.range);
    expect(media.bytesSent() / SIZE).toBeLessThan(1.2);
  });
});
