/**
 * Promise (issue 19): a download settles by its deadline (`timeoutMs`, the whole
 * download) and its stall limit (`stallTimeoutMs`, no byte for that long), whatever the
 * host, the caller's fetch and the caller's callback do, with a `DownloadTimeoutError`
 * and nothing on disk. A `206` to a request for the whole video is never saved as the
 * video; a 255-byte file name can be saved; temporary files that a killed run left
 * behind do not pile up.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  AbortError,
  DownloadError,
  DownloadTimeoutError,
  ValidationError,
} from '../../../src/index.js';
import { hostileServer } from '../../helpers/hostile-server.js';
import { clientOn } from '../../helpers/omni.js';
import { videoBytes } from '../../helpers/video-host.js';

const VIDEO = videoBytes(200_000);
const omni = clientOn('https://api.invalid');
/** A fetch wrapper that forwards only the method and the headers: the signal is lost. */
const signalDropping = clientOn('https://api.invalid', {
  fetch: (input, init) => fetch(input, { method: init?.method, headers: init?.headers }),
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'omni-settle-'));
});

/** Sends the headers of a large video, then a few bytes every 20 ms, for ever. */
function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(10_000_000) });
  const timer = setInterval(() => res.write(Buffer.alloc(100, 7)), 20);
  res.on('close', () => clearInterval(timer));
}

/** Sends the headers and 1,000 bytes, then nothing. */
function stall(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
  res.write(VIDEO.subarray(0, 1000));
}

/** `promise`'s outcome, or `'unsettled'` if it has none after `ms` of real time. */
async function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve('unsettled'), ms)));
  try {
    return await Promise.race([promise.catch((e: unknown) => e), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('settles by its deadline, with nothing on disk', () => {
  test.each([
    ['a host that trickles bytes for ever: timeoutMs', trickle, omni, 'deadline'],
    ['the same through a fetch that drops the signal', trickle, signalDropping, 'deadline'],
    ['a host that stops sending: stallTimeoutMs', stall, omni, 'stall'],
    ['the same through a fetch that drops the signal', stall, signalDropping, 'stall'],
    ['a host that never answers: stallTimeoutMs', () => {}, signalDropping, 'stall'],
  ] as const)('%s', async (_, answer, client, limit) => {
    const server = await hostileServer((_req, res) => answer(res));
    try {
      const started = Date.now();
      const error = await within(
        // The other limit far off, so that a loaded machine cannot trip it first.
        client.videos.download(
          `${server.url}/v.mp4`,
          join(dir, 'fox.mp4'),
          limit === 'deadline'
            ? { timeoutMs: 600, stallTimeoutMs: 10_000 }
            : { timeoutMs: 10_000, stallTimeoutMs: 300 },
        ),
        3000,
      );
      expect(error).toBeInstanceOf(DownloadTimeoutError);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadTimeoutError).limit).toBe(limit);
      expect((error as DownloadTimeoutError).timeoutMs).toBe(limit === 'deadline' ? 600 : 300);
      expect((error as Error).message).toMatch(
        limit === 'deadline' ? /timeoutMs/ : /stallTimeoutMs/,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test("the caller's abort, through a fetch that drops the signal", async () => {
    const server = await hostileServer((_req, res) => stall(res));
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await within(
        signalDropping.videos.download(`${server.url}/v.mp4`, join(dir, 'fox.mp4'), {
          signal: controller.signal,
        }),
        2000,
      );
      expect(error).toBeInstanceOf(AbortError);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('an onProgress that never settles does not hold the download past timeoutMs', async () => {
    const server = await hostileServer(
      (_req, res) => void res.writeHead(200, { 'content-type': 'video/mp4' }).end(VIDEO),
    );
    try {
      const error = await within(
        omni.videos.download(`${server.url}/v.mp4`, join(dir, 'fox.mp4'), {
          timeoutMs: 300,
          onProgress: () => new Promise(() => {}),
        }),
        2000,
      );
      expect(error).toBeInstanceOf(DownloadTimeoutError);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test.each([
    [{ timeoutMs: 0 }, 'timeoutMs: must be a positive number'],
    [{ stallTimeoutMs: -5 }, 'stallTimeoutMs: must be a positive number'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs: must be at most'],
  ])('%o is refused before anything is sent', async (options, says) => {
    const server = await hostileServer((_req, res) => void res.end());
    try {
      const error = await omni.videos
        .download(`${server.url}/v.mp4`, join(dir, 'fox.mp4'), options)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(says);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe('both limits are on by default', () => {
  // Timers are the subject here: faked (setTimeout only), while the host's bytes flow
  // in real time (its setInterval is real), so minutes pass in milliseconds.
  async function withDefaults(
    answer: (res: ServerResponse) => void,
    drive: (progressed: () => Promise<void>) => Promise<void>,
  ): Promise<unknown> {
    let arrived: (() => void) | undefined;
    const server = await hostileServer((_req, res) => answer(res));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let settled = false;
      const outcome = omni.videos
        .download(`${server.url}/v.mp4`, join(dir, 'fox.mp4'), {
          onProgress: () => arrived?.(),
        })
        .catch((e: unknown) => e)
        .finally(() => (settled = true));
      const progressed = () =>
        new Promise<void>((resolve) => {
          arrived = resolve;
        });
      await progressed();
      await drive(progressed);
      // Lets the rejection's handlers run (microtasks and the file's cleanup).
      for (let i = 0; i < 100 && !settled; i++) await new Promise((r) => setImmediate(r));
      return await outcome;
    } finally {
      vi.useRealTimers();
      await server.close();
    }
  }

  test('stallTimeoutMs: 60 s without a byte', async () => {
    const error = await withDefaults(stall, async () => {
      vi.advanceTimersByTime(59_000);
      vi.advanceTimersByTime(1_000);
    });
    expect(error).toBeInstanceOf(DownloadTimeoutError);
    expect(error).toMatchObject({ limit: 'stall', timeoutMs: 60_000 });
    expect(readdirSync(dir)).toEqual([]);
  });

  test('timeoutMs: 30 min in all, however steadily the bytes trickle', async () => {
    const error = await withDefaults(trickle, async (progressed) => {
      // 50 s at a time, a real chunk between: the stall limit never passes.
      for (let elapsed = 50_000; elapsed < 30 * 60_000; elapsed += 50_000) {
        const next = progressed();
        vi.advanceTimersByTime(50_000);
        await next;
      }
      vi.advanceTimersByTime(50_000); // to 30 min
    });
    expect(error).toBeInstanceOf(DownloadTimeoutError);
    expect(error).toMatchObject({ limit: 'deadline', timeoutMs: 30 * 60_000 });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('only the whole video is saved', () => {
  test('206 Partial Content to a request without Range is refused, not saved', async () => {
    const server = await hostileServer(
      (_req, res) =>
        void res
          .writeHead(206, {
            'content-type': 'video/mp4',
            'content-range': `bytes 0-999/${VIDEO.length}`,
            'content-length': '1000',
          })
          .end(VIDEO.subarray(0, 1000)),
    );
    try {
      const error = await omni.videos
        .download(`${server.url}/v.mp4?sig=secret`, join(dir, 'fox.mp4'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as Error).message).toMatch(/206 Partial Content \(bytes 0-999\/200000\)/);
      expect((error as Error).message).not.toContain('secret');
      expect(server.requests).toHaveLength(1);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('a resumed answer whose Content-Range announces another length starts over', async () => {
    const server = await hostileServer((req, res) => {
      const head = { 'content-type': 'video/mp4', etag: '"a"' };
      if (req.index === 0) {
        res.writeHead(200, { ...head, 'content-length': String(VIDEO.length) });
        // Dropped a moment after: bytes still queued when a body fails are lost to the reader.
        res.write(VIDEO.subarray(0, 50_000), () => setTimeout(() => res.socket?.destroy(), 100));
      } else if (req.headers.range) {
        // The range asked for, but of a video one byte longer than first announced.
        const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range)![1]);
        res
          .writeHead(206, {
            ...head,
            'content-range': `bytes ${start}-${VIDEO.length}/${VIDEO.length + 1}`,
          })
          .end(Buffer.concat([VIDEO.subarray(start), Buffer.from([0])]));
      } else res.writeHead(200, head).end(VIDEO);
    });
    try {
      const dest = join(dir, 'fox.mp4');
      await omni.videos.download(`${server.url}/v.mp4`, dest);
      expect(readFileSync(dest).equals(VIDEO)).toBe(true);
      expect(server.requests.map((r) => r.headers.range ?? 'whole')).toEqual([
        'whole',
        expect.stringMatching(/^bytes=[1-9]\d*-$/),
        'whole',
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('temporary files', () => {
  test('a file name of 255 bytes (the longest allowed) is saved', async () => {
    const server = await hostileServer(
      (_req, res) => void res.writeHead(200, { 'content-type': 'video/mp4' }).end(VIDEO),
    );
    try {
      const name = `${'a'.repeat(251)}.mp4`;
      await omni.videos.download(`${server.url}/v.mp4`, join(dir, name));
      expect(readFileSync(join(dir, name)).equals(VIDEO)).toBe(true);
      expect(readdirSync(dir)).toEqual([name]);
    } finally {
      await server.close();
    }
  });

  test('stale ones that killed runs left are removed by the next download into the folder', async () => {
    // The pid of a process that has ended.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'])
      .stdout.toString()
      .trim();
    const part = (pid: number | string, hex: string, minutesAgo: number) => {
      const path = join(dir, `.omni-${pid}-${hex}.part`);
      writeFileSync(path, 'half a video');
      const at = new Date(Date.now() - minutesAgo * 60_000);
      utimesSync(path, at, at);
      return path;
    };
    part(gone, 'aaaaaaaa', 3); // its process gone, not written for 3 min: stale
    part(process.pid, 'bbbbbbbb', 3); // its process runs (maybe still downloading): kept
    part(gone, 'cccccccc', 0.5); // written 30 s ago, maybe by another machine: kept
    part(process.pid, 'dddddddd', 25 * 60); // not written for a day: stale, pid reused or not
    writeFileSync(join(dir, '.omni-notes.part'), 'not ours'); // not our pattern: kept
    const server = await hostileServer(
      (_req, res) => void res.writeHead(200, { 'content-type': 'video/mp4' }).end(VIDEO),
    );
    try {
      await omni.videos.download(`${server.url}/v.mp4`, join(dir, 'fox.mp4'));
      expect(readdirSync(dir).sort()).toEqual(
        [
          `.omni-${gone}-cccccccc.part`,
          `.omni-${process.pid}-bbbbbbbb.part`,
          '.omni-notes.part',
          'fox.mp4',
        ].sort(),
      );
      expect(statSync(join(dir, 'fox.mp4')).size).toBe(VIDEO.length);
    } finally {
      await server.close();
    }
  });
});
