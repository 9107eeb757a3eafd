/**
 * A video host on loopback that plays the ways a download gets cut off and taken up
 * again: it honours `Range` and `If-Range` (or, asked to, ignores them or answers with
 * the wrong range), drops the connection at chosen byte offsets, and can change the
 * video between answers. It counts every body byte it writes: the figure the "a resume
 * fetches little more than the video" promise is checked on (test/platform/download/resume.test.ts,
 * bench/resume.ts).
 */
import type { ServerResponse } from 'node:http';
import { type HostileServer, hostileServer, type SeenRequest } from './hostile-server.js';

/** How the host behaves; every field is optional. */
export interface VideoHostPlan {
  /** The video of the n-th answer (0-based); a new video gets a new ETag. */
  video: (answer: number) => Buffer;
  /** Per answer, the absolute byte offset of the video at which the connection drops. */
  cuts?: (number | undefined)[];
  /** Answers every request with the whole video (200), as a host without ranges does. */
  ignoreRange?: boolean;
  /** Answers a range request with 206 for bytes other than those asked for. */
  wrongRange?: boolean;
  /** Which validators to send: `etag` (default), `last-modified`, or `none`. */
  validator?: 'etag' | 'last-modified' | 'none';
  /** Answers the n-th request with this status and an empty body instead (an expired link). */
  status?: (answer: number, req: SeenRequest) => number | undefined;
}

/** The host, and what it sent. */
export interface VideoHost {
  server: HostileServer;
  url: string;
  /** Body bytes written, over every answer. */
  bytesSent(): number;
  close(): Promise<void>;
}

/**
 * Starts a video host on 127.0.0.1.
 *
 * @example
 * const host = await videoHost({ video: () => VIDEO, cuts: [VIDEO.length * 0.3] });
 * await omni.videos.download(host.url, 'fox.mp4'); // cut at 30 %, then resumed
 */
export async function videoHost(plan: VideoHostPlan): Promise<VideoHost> {
  let sent = 0;
  let answers = 0;
  const versions: Buffer[] = [];
  const server = await hostileServer((req, res) => {
    const n = answers++;
    const video = plan.video(n);
    let version = versions.indexOf(video);
    if (version === -1) version = versions.push(video) - 1;
    const status = plan.status?.(n, req);
    if (status !== undefined) return void res.writeHead(status).end();
    const etag = `"v${version}"`;
    const modified = new Date(Date.UTC(2026, 0, 1 + version)).toUTCString();
    const validators: Record<string, string> =
      plan.validator === 'none'
        ? {}
        : plan.validator === 'last-modified'
          ? { 'last-modified': modified }
          : { etag };
    const asked = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    const current = ifRange === undefined || ifRange === etag || ifRange === modified;
    let start = 0;
    const head: Record<string, string> = { 'content-type': 'video/mp4', ...validators };
    let code = 200;
    if (asked && !plan.ignoreRange && current && Number(asked[1]) < video.length) {
      start = plan.wrongRange
        ? Math.min(video.length - 1, Number(asked[1]) + 1000)
        : Number(asked[1]);
      code = 206;
      head['content-range'] = `bytes ${start}-${video.length - 1}/${video.length}`;
    }
    head['content-length'] = String(video.length - start);
    res.writeHead(code, head);
    const cut = plan.cuts?.[n];
    write(res, video.subarray(start, cut !== undefined && cut > start ? cut : undefined), {
      drop: cut !== undefined && cut > start,
      count: (bytes) => (sent += bytes),
    });
  });
  return { server, url: `${server.url}/video.mp4`, bytesSent: () => sent, close: server.close };
}

/** Writes `body`, counting it, then ends the answer or drops the connection. */
function write(
  res: ServerResponse,
  body: Buffer,
  how: { drop: boolean; count: (bytes: number) => void },
): void {
  how.count(body.length);
  // Dropped a moment after the bytes left: a body that fails loses the chunks still
  // queued for its reader, which would make the resumed offset vary from run to run.
  if (how.drop) res.write(body, () => setTimeout(() => res.socket?.destroy(), 100));
  else res.end(body);
}

/**
 * A video of `size` bytes whose every byte depends on its offset and `seed`, so that
 * bytes from the wrong place or another version never pass for the right ones.
 *
 * @example
 * const v1 = videoBytes(100_000, 1); const v2 = videoBytes(100_000, 2);
 */
export function videoBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17 + (i >> 8)) % 251;
  return bytes;
}
