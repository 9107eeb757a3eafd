/**
 * Saving a video to disk (Node, Bun, Deno: anything with node:fs). Reached through the
 * platform seam (src/platform/node.ts exports {@link saveUrl}; the browser build puts a
 * DownloadError saying that downloads need a file system in its place), so this module
 * imports the Node built-ins statically and none of it reaches a browser bundle.
 *
 * Nothing is lost or half-written: the body streams into a temporary file beside the
 * destination (its folder is created when missing), which takes the destination's
 * name only when complete and of the length the server announced. On any failure,
 * a callback's included, nothing is left at the destination and the temporary file is
 * removed. What is saved must look like a video: a web page or a JSON error that a
 * host answers with 200 is refused.
 *
 * Every wait is raced against the call's own abort (deadline, stall limit, caller's
 * signal), so a fetch that ignores `signal` or a body that never ends cannot hold the
 * call (issue 19). A body cut off resumes from the bytes already written with `Range`
 * and `If-Range` (issue 21), a bounded number of times.
 */
import { constants, rmSync } from 'node:fs';
import {
  copyFile,
  type FileHandle,
  link as hardLink,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  rmdir,
  stat,
} from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { runCallback } from '../core/callbacks.js';
import { AbortError, DownloadError, DownloadTimeoutError, OmniError } from '../core/errors.js';
import {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  DEFAULT_MAX_RESUMES,
  DEFAULT_STALL_TIMEOUT_MS,
  type DownloadOptions,
} from '../core/download-options.js';

/** Options of {@link saveUrl}: a download's own, and what the SDK adds. */
export interface SaveOptions extends DownloadOptions {
  fetch?: typeof fetch | undefined;
  taskId?: string | undefined;
  /** A fresh link to the same video, asked once when the link answers 403/404/410. */
  freshUrl?: ((signal: AbortSignal) => Promise<string>) | undefined;
}

/** The outcome of a download attempt that got an answer. */
export type SaveResult =
  { saved: true; path: string; bytes: number; resumes: number } | { saved: false; status: number };

/** Statuses that mean "this link no longer works" rather than a failure of the host. */
export const EXPIRED_LINK_STATUSES = new Set([403, 404, 410]);

/** A temporary file of ours: `.omni-<pid>-<8 hex>.part`, short whatever the destination's name. */
const PART_FILE = /^\.omni-(\d+)-[0-9a-f]{8}\.part$/;
/** A temporary file not written for this long whose process is gone is stale (longer than any default stall). */
const STALE_PART_MS = 2 * 60_000;
/** A temporary file not written for this long is stale whatever its pid says (pids are reused). */
const ABANDONED_PART_MS = 24 * 60 * 60_000;

/**
 * Downloads `link` (a URL, or a function giving one) to `destPath`. Sends no
 * credentials: the video host never sees the API key. Returns `{ saved: false, status }`
 * for an expired link (403/404/410) that `freshUrl` could not replace.
 *
 * @example
 * const result = await saveUrl('https://cdn.example/v.mp4?sig=…', 'out/fox.mp4', { maxResumes: 3 });
 */
export async function saveUrl(
  link: string | ((signal: AbortSignal) => Promise<string>),
  destPath: string,
  options: SaveOptions = {},
): Promise<SaveResult> {
  const {
    signal,
    overwrite = false,
    onProgress,
    timeoutMs = DEFAULT_DOWNLOAD_TIMEOUT_MS,
    stallTimeoutMs = DEFAULT_STALL_TIMEOUT_MS,
    maxResumes = DEFAULT_MAX_RESUMES,
    taskId,
    freshUrl,
  } = options;
  const existing = await stat(destPath).catch(() => undefined);
  const fail = (message: string, cause?: unknown) => new DownloadError(message, { cause, taskId });
  // A folder is never replaced, overwrite or not: said before the video is fetched.
  if (existing?.isDirectory())
    throw fail(`${destPath} is a folder; give the path of the file to save the video as.`);
  if (!overwrite && existing)
    throw fail(`${destPath} already exists; pass overwrite: true to replace it.`);

  const controller = new AbortController();
  const stop = controller.signal;
  let timedOut: 'deadline' | 'stall' | undefined;
  const expire = (limit: 'deadline' | 'stall') => {
    if (stop.aborted) return;
    timedOut = limit;
    controller.abort(new DOMException(`The download passed its ${limit}`, 'TimeoutError'));
  };
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const deadline = setTimeout(() => expire('deadline'), timeoutMs);
  let stall: ReturnType<typeof setTimeout> | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => expire('stall'), stallTimeoutMs);
  };
  // Never trust a promise of fetch, of a body or of a callback to honour the signal.
  const until = <T>(promise: Promise<T>) => raced(promise, stop);

  const folder = dirname(destPath);
  const temp = join(folder, `.omni-${process.pid}-${randomHex(4)}.part`);
  let file: FileHandle | undefined;
  let forgetTemp: (() => void) | undefined;
  let saved = false;
  // The first folder this download created, if any: removed again when it fails.
  let createdFolder: string | undefined;
  try {
    if (signal?.aborted) throw signal.reason;
    let url = typeof link === 'string' ? link : await until(link(stop));
    let refreshed = false;
    let written = 0; // bytes of the video in the temporary file, from byte 0
    let total: number | undefined; // the announced length of the whole video
    let validator: string | undefined; // the first answer's ETag or Last-Modified
    let resumable = false;
    let reported = 0;
    let resumes = 0;
    /** Counts a resume, or says why there is none left. */
    const resumeOrFail = (why: string, cause?: unknown) => {
      if (resumes >= maxResumes)
        throw fail(
          `The download failed: ${why}${maxResumes > 0 ? ` (and again after ${maxResumes} resumes)` : ''}.`,
          cause,
        );
      resumes += 1;
      if (!resumable) written = 0;
    };
    armStall();
    for (;;) {
      const ranged = written > 0;
      const headers: Record<string, string> = {};
      if (ranged) {
        headers.range = `bytes=${written}-`;
        headers['if-range'] = validator as string;
      }
      // credentials: 'omit' and no Authorization header: this host is not the API's.
      const pending = (options.fetch ?? fetch)(url, {
        signal: stop,
        credentials: 'omit',
        redirect: 'follow',
        headers,
      });
      // An answer that comes after the call gave up: its body is let go, not left open.
      pending.then((late) => stop.aborted && discard(late), noop);
      const response = await until(pending);
      const { status } = response;
      if (EXPIRED_LINK_STATUSES.has(status)) {
        discard(response);
        if (freshUrl === undefined || refreshed) return { saved: false, status };
        // Links expire (3 days); the service may hand out a fresh one for the same video.
        refreshed = true;
        clearTimeout(stall);
        const next = await until(freshUrl(stop));
        armStall();
        if (next === url) return { saved: false, status };
        url = next;
        continue;
      }
      if (status === 206 && !ranged) {
        discard(response);
        throw fail(
          `The video host answered 206 Partial Content (${printable(response.headers.get('content-range') ?? 'no Content-Range')}) ` +
            `to a request for the whole video at ${redactQuery(url)}: only part of it. Nothing was saved.`,
        );
      }
      if (ranged && status === 416) {
        discard(response);
        resumeOrFail('the host refused the range asked for (416)');
        written = 0;
        continue;
      }
      if ((status !== 200 && status !== 206) || !response.body) {
        discard(response);
        throw fail(`The video host answered HTTP ${status} for ${redactQuery(url)}.`);
      }
      const type = response.headers.get('content-type');
      if (type !== null && NOT_A_VIDEO.test(type)) {
        discard(response);
        throw fail(
          `The video host answered HTTP ${status} with ${printable(type)} for ` +
            `${redactQuery(url)}: a web page or an error message (a login or error page?), not a video. Nothing was saved.`,
        );
      }
      if (status === 206) {
        const range = contentRange(response.headers.get('content-range'));
        // Not the bytes asked for, or of another length: the video is not the one begun.
        if (
          range === undefined ||
          range.start !== written ||
          (range.total !== undefined && range.total !== total)
        ) {
          discard(response);
          resumeOrFail('the host answered with another range than the one asked for');
          written = 0;
          continue;
        }
      } else {
        // 200: the whole video from byte 0 (a first answer, or a host that ignored the
        // range or whose If-Range saw a changed file).
        written = 0;
        const etag = response.headers.get('etag');
        // If-Range takes only a strong validator (RFC 9110 13.1.5).
        validator =
          etag !== null && !etag.startsWith('W/')
            ? etag
            : (response.headers.get('last-modified') ?? undefined);
        // fetch decodes a compressed body, so its length is not the announced one, and a
        // range of it would count encoded bytes: such a download starts over when cut.
        const encoding = response.headers.get('content-encoding');
        const identity = encoding === null || encoding.trim().toLowerCase() === 'identity';
        const announced = identity ? response.headers.get('content-length') : null;
        total = announced === null ? undefined : Number(announced);
        resumable = identity && validator !== undefined;
      }
      if (file === undefined) {
        // Like the CLI: a download into a folder that does not exist yet creates it.
        createdFolder = await until(mkdir(folder, { recursive: true })).catch((cause: unknown) => {
          throw stop.aborted
            ? cause
            : fail(`Could not create the folder ${folder}: ${reason(cause)}.`, cause);
        });
        await removeStaleParts(folder);
        forgetTemp = removeOnExit(temp);
        file = await until(open(temp, 'wx'));
      }
      const reader = response.body.getReader();
      let cut: unknown;
      // A body from byte 0 is looked at until its first telling byte (see startsLikeText).
      let sniffing = written === 0;
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await until(reader.read());
        } catch (error) {
          if (stop.aborted) throw error;
          cut = error;
          break;
        }
        if (chunk.done) break;
        armStall();
        if (sniffing) {
          const text = startsLikeText(chunk.value);
          if (text) {
            reader.cancel().catch(noop);
            throw fail(
              `The video host answered HTTP ${status} with ${type === null ? 'no content type' : printable(type)} ` +
                `for ${redactQuery(url)}, but a body that begins as text: a web page or an error message (a login or error page?), not a video. Nothing was saved.`,
            );
          }
          sniffing = text === undefined;
        }
        await until(file.write(chunk.value, 0, chunk.value.length, written));
        written += chunk.value.length;
        if (written > reported) {
          reported = written;
          await until(runCallback('onProgress', onProgress, [written, total], taskId));
        }
      }
      if (cut !== undefined) {
        reader.cancel().catch(noop);
        resumeOrFail(reason(cut), cut);
        continue;
      }
      if (total === undefined || written === total) break;
      if (written > total) throw fail(`The download ended after ${written} of ${total} bytes.`);
      resumeOrFail(`the download ended after ${written} of ${total} bytes`);
    }
    await until(file.truncate(written));
    await until(file.close());
    file = undefined;
    const intoPlace = (cause: unknown) => {
      throw (cause as { code?: string }).code === 'EEXIST'
        ? fail(`${destPath} already exists; pass overwrite: true to replace it.`, cause)
        : fail(
            `The video was downloaded but could not be saved as ${destPath}: ${reason(cause)}.`,
            cause,
          );
    };
    if (overwrite) await rename(temp, destPath).catch(intoPlace);
    else {
      // link() fails if the destination appeared meanwhile: never clobber a file. A
      // file system without hard links gets an exclusive copy instead.
      await hardLink(temp, destPath).catch((cause: unknown) =>
        NO_HARD_LINKS.has((cause as { code?: string }).code ?? '')
          ? copyFile(temp, destPath, constants.COPYFILE_EXCL).catch(intoPlace)
          : intoPlace(cause),
      );
      await rm(temp, { force: true });
    }
    saved = true;
    return { saved: true, path: destPath, bytes: written, resumes };
  } catch (error) {
    if (timedOut !== undefined)
      throw new DownloadTimeoutError(
        timedOut,
        timedOut === 'deadline' ? timeoutMs : stallTimeoutMs,
        { cause: error, ...(taskId === undefined ? {} : { taskId }) },
      );
    if (signal?.aborted)
      throw new AbortError('The download was aborted by the caller.', { cause: error, taskId });
    // Ours already (a DownloadError, a CallbackError, the look at the task for a link).
    if (error instanceof OmniError) throw error;
    throw fail(`The download failed: ${reason(error)}.`, error);
  } finally {
    clearTimeout(deadline);
    clearTimeout(stall);
    signal?.removeEventListener('abort', onAbort);
    // Aborted so that whatever still runs (a body, a late answer) lets go.
    if (!stop.aborted) controller.abort();
    await file?.close().catch(noop);
    if (forgetTemp !== undefined) {
      if (!saved) await rm(temp, { force: true }).catch(noop);
      forgetTemp();
    }
    if (!saved && createdFolder !== undefined) await removeEmptyFolders(folder, createdFolder);
  }
}

/** `promise`, or the signal's reason as soon as it aborts, whichever comes first. */
function raced<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(noop);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Lets an answer's body go without waiting for it (a hostile body may never settle a cancel). */
function discard(response: Response): void {
  response.body?.cancel().catch(noop);
}

function noop(): void {}

/** `Content-Range: bytes START-END/TOTAL` (TOTAL may be `*`), read. */
function contentRange(
  value: string | null,
): { start: number; end: number; total: number | undefined } | undefined {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const [start, end] = [Number(match[1]), Number(match[2])];
  if (end < start) return undefined;
  return { start, end, total: match[3] === '*' ? undefined : Number(match[3]) };
}

/**
 * Removes the temporary files that downloads killed outright (SIGKILL, a crash, a
 * signal with no handler) left in `folder`: not written for {@link STALE_PART_MS} and
 * their process gone, or not written for a day. Best effort: a failure is ignored.
 */
async function removeStaleParts(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    const match = PART_FILE.exec(name);
    if (!match) continue;
    const path = join(folder, name);
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) continue;
    const idle = now - found.mtimeMs;
    if (idle > ABANDONED_PART_MS || (idle > STALE_PART_MS && !processRunning(Number(match[1]))))
      await rm(path, { force: true }).catch(noop);
  }
}

/** Removes `folder` and its parents up to `top`, each only if empty (rmdir), so nothing else is ever lost. */
async function removeEmptyFolders(folder: string, top: string): Promise<void> {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (relative(top, dir).startsWith('..')) return;
    const removed = await rmdir(dir).then(
      () => true,
      () => false,
    );
    if (!removed || relative(top, dir) === '') return;
  }
}

/** `size` random bytes in hex; Web Crypto, as importing node:crypto costs start-up (bench/RESULTS.md). */
function randomHex(size: number): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(size))).toString('hex');
}

/** Whether a process with this id runs on this machine. */
function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const removedOnExit = new Set<string>();
/**
 * Removes `file` (synchronously) if the process exits before the returned function is
 * called: a second Ctrl-C or SIGTERM calls process.exit() while the cleanup the first
 * one started is still pending, and only 'exit' listeners run then.
 */
function removeOnExit(file: string): () => void {
  // One listener for the whole process, added on first use.
  if (!process.listeners('exit').includes(removeAllOnExit)) process.on('exit', removeAllOnExit);
  removedOnExit.add(file);
  return () => void removedOnExit.delete(file);
}
function removeAllOnExit(): void {
  for (const file of removedOnExit) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Best effort at exit: the next download into that folder removes it as stale.
    }
  }
}

/**
 * Whether a body begins as text (`<` of HTML or XML, `{` or `[` of JSON, after any
 * whitespace and byte order mark) rather than as a video: every video container opens
 * with a binary header (MP4 and MOV `\0\0\0` and a box size, WebM and MKV `0x1A`, AVI
 * `RIFF`, FLV `FLV`). `undefined` while `head` holds only whitespace. What catches an
 * error page whose host labels it as a video, `application/octet-stream` or nothing.
 */
function startsLikeText(head: Uint8Array): boolean | undefined {
  for (const byte of head) {
    // Whitespace, and the bytes of a UTF-8 byte order mark.
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    if (byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === 0x3c || byte === 0x7b || byte === 0x5b;
  }
  return undefined;
}

/** Content types that are never a video: what a login page, a CDN or a gateway sends for an error. */
const NOT_A_VIDEO =
  /^\s*(text\/|application\/(json|xml|xhtml\+xml|problem\+json)\b|[^;]*\+(json|xml)\b)/i;

/** Errors of link() that mean the file system has no hard links (FAT, some network mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** An error's message, for ours. */
function reason(cause: unknown): string {
  return ((cause as Error)?.message ?? String(cause)).replace(/\.$/, '');
}

/** A header value from a server, for a message: no control characters reach a terminal. */
function printable(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 100);
}

/** A URL for messages: signed query strings are credentials of a kind, so they are cut. */
function redactQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
