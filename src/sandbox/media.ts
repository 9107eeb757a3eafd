/**
 * The media route: the sandbox's stand-in for the provider's CDN. Links are signed and
 * expire; no API key is needed (the SDK must not send one there).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';
import { SAMPLE_VIDEO_BASE64 } from './sample-video.js';
import type { TaskRecord, TaskStore } from './tasks.js';
import type { UploadStore } from './upload.js';

// Types a browser would run as a document (scripts included) if shown inline.
const ACTIVE_TYPES = new Set(['image/svg+xml', 'text/html', 'application/xhtml+xml']);

/** Where the media route lives. */
export const MEDIA_PREFIX = '/media/';

let sample: Promise<Buffer> | undefined;

/** The small real MP4 (1 s, 64×36, H.264) every completed task serves. @internal */
export function loadSampleVideo(): Promise<Buffer> {
  // Embedded, not read beside this module: a bundled sandbox has no assets/ folder.
  sample ??= Promise.resolve(Buffer.from(SAMPLE_VIDEO_BASE64, 'base64'));
  return sample;
}

/** Signs and checks media links: `/media/<taskId>.mp4?expires=<ms>&sig=<hmac>`. @internal */
export class LinkSigner {
  constructor(private readonly secret: string) {}

  path(taskId: string, expiresMs: number): string {
    // Whole milliseconds: a clock with fractions (a virtual one) must still make links
    // that verify() accepts.
    const expires = String(Math.floor(expiresMs));
    const sig = this.sign(taskId, expires);
    return `${MEDIA_PREFIX}${encodeURIComponent(taskId)}.mp4?expires=${expires}&sig=${sig}`;
  }

  /** The link of an uploaded file: `/media/<name>?expires=<ms>&sig=<hmac>`. */
  filePath(name: string, expiresMs: number): string {
    const expires = String(Math.floor(expiresMs));
    return `${MEDIA_PREFIX}${encodeURIComponent(name)}?expires=${expires}&sig=${this.sign(name, expires)}`;
  }

  verify(taskId: string, expires: string | null, sig: string | null): boolean {
    if (expires === null || sig === null || !/^\d+$/.test(expires)) return false;
    const expected = Buffer.from(this.sign(taskId, expires));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(taskId: string, expires: string): string {
    return createHmac('sha256', this.secret)
      .update(`${taskId}\n${expires}`)
      .digest('hex')
      .slice(0, 32);
  }
}

/** What the media route needs. @internal */
export interface MediaDeps {
  signer: LinkSigner;
  tasks: TaskStore;
  uploads: UploadStore;
  video: Buffer;
  now: () => number;
}

/** Answers `GET`/`HEAD /media/<file>?expires=…&sig=…`. @internal */
export function mediaReply(deps: MediaDeps, file: string, query: URLSearchParams): Reply {
  if (file.startsWith('up_')) return uploadedReply(deps, file, query);
  const taskId = /^(.+)\.mp4$/.exec(file)?.[1];
  if (taskId === undefined) return errorReply(404, ERROR_CODES.notFound, 'media not found');
  const expires = query.get('expires');
  if (!deps.signer.verify(taskId, expires, query.get('sig')))
    return errorReply(403, ERROR_CODES.forbidden, 'invalid signature');
  if (deps.now() > Number(expires)) return errorReply(403, ERROR_CODES.forbidden, 'link expired');
  const task = deps.tasks.get(taskId);
  if (!task || !hasVideo(task, deps.now()))
    return errorReply(404, ERROR_CODES.notFound, 'media not found');
  return {
    status: 200,
    headers: { 'content-type': 'video/mp4', 'cache-control': 'private, no-transform' },
    body: deps.video,
  };
}

/**
 * An uploaded file, under its signed link. Its type comes from its extension, and
 * nothing in it may run as a page of the sandbox's origin: `nosniff` stops a browser
 * from guessing HTML, `Content-Security-Policy: sandbox` gives anything rendered an
 * opaque origin without scripts, and SVG (an image that may hold scripts) is a download.
 */
function uploadedReply(deps: MediaDeps, name: string, query: URLSearchParams): Reply {
  const expires = query.get('expires');
  if (!deps.signer.verify(name, expires, query.get('sig')))
    return errorReply(403, ERROR_CODES.forbidden, 'invalid signature');
  if (deps.now() > Number(expires)) return errorReply(403, ERROR_CODES.forbidden, 'link expired');
  const stored = deps.uploads.get(name);
  // Also the answer for a file forgotten to stay within `maxStoredUploadBytes`.
  if (!stored) return errorReply(404, ERROR_CODES.notFound, 'media not found');
  const headers: Record<string, string> = {
    'content-type': stored.type,
    'cache-control': 'private, no-transform',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
  };
  if (ACTIVE_TYPES.has(stored.type)) headers['content-disposition'] = 'attachment';
  return {
    status: 200,
    headers,
    body: Buffer.from(stored.bytes.buffer, stored.bytes.byteOffset, stored.bytes.byteLength),
  };
}

function hasVideo(task: TaskRecord, nowMs: number): boolean {
  return task.phaseAt(nowMs) === 'done' && task.script.ending !== 'failed';
}
