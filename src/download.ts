/**
 * Saving a video to disk (Node, Bun, Deno: anything with node:fs). The Node built-ins
 * come through the platform seam (src/platform/): static imports in the Node build,
 * and in the browser build a DownloadError saying that downloads need a file system.
 *
 * Nothing is lost or half-written: the body streams into a temporary file beside the
 * destination (its folder is created when missing), which takes the destination's
 * name only when complete and of the length the server announced. On any failure,
 * a callback's included, nothing is left at the destination and the temporary file is
 * removed. What is saved must look like a video: a web page or a JSON error that a
 * host answers with 200 is refused.
 */
import { runCallback } from './callbacks.js';
import { AbortError, CallbackError, DownloadError } from './errors.js';
import { fileSystem } from './platform/node.js';

/** Options of {@link saveUrl}. */
export interface SaveOptions {
  signal?: AbortSignal | undefined;
  /** Replace an existing file at the destination. @default false */
  overwrite?: boolean | undefined;
  /** Called as bytes arrive (awaited; see src/callbacks.ts); `total` is the announced length, when there is one. */
  onProgress?: ((bytes: number, total: number | undefined) => unknown) | undefined;
  /** Aborts when no byte arrives for this long. @default 60000 */
  idleTimeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  taskId?: string | undefined;
}

/** The outcome of a download attempt that got an answer. */
export type SaveResult =
  { saved: true; path: string; bytes: number } | { saved: false; status: number };

/** Statuses that mean "this link no longer works" rather than a failure of the host. */
export const EXPIRED_LINK_STATUSES = new Set([403, 404, 410]);

/**
 * Downloads `url` to `destPath`. Sends no credentials: the video host never sees the
 * API key. Returns `{ saved: false, status }` for an expired link (403/404/410), so
 * the caller can fetch a fresh one.
 */
export async function saveUrl(
  url: string,
  destPath: string,
  options: SaveOptions = {},
): Promise<SaveResult> {
  const { signal, overwrite = false, onProgress, idleTimeoutMs = 60_000, taskId } = options;
  const {
    randomBytes,
    constants,
    copyFile,
    createWriteStream,
    link,
    mkdir,
    rename,
    rm,
    stat,
    basename,
    dirname,
    join,
    Readable,
    Transform,
    pipeline,
  } = fileSystem((reason) => new DownloadError(`Saving a video ${reason}`, { taskId }));
  const existing = await stat(destPath).catch(() => undefined);
  const fail = (message: string, cause?: unknown) => new DownloadError(message, { cause, taskId });
  // A folder is never replaced, overwrite or not: said before the video is fetched.
  if (existing?.isDirectory())
    throw fail(`${destPath} is a folder; give the path of the file to save the video as.`);
  if (!overwrite && existing)
    throw fail(`${destPath} already exists; pass overwrite: true to replace it.`);

  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let idle: ReturnType<typeof setTimeout> | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => controller.abort(new DOMException('No data for too long', 'TimeoutError')),
      idleTimeoutMs,
    );
  };
  const temp = join(
    dirname(destPath),
    `.${basename(destPath)}.${randomBytes(6).toString('hex')}.part`,
  );
  let wroteTemp = false;
  let saved = false;
  // The first folder this download created, if any: removed again when it fails.
  let createdFolder: string | undefined;
  try {
    if (signal?.aborted) throw signal.reason;
    armIdle();
    // credentials: 'omit' and no Authorization header: this host is not the API's.
    const response = await (options.fetch ?? fetch)(url, {
      signal: controller.signal,
      credentials: 'omit',
      redirect: 'follow',
    });
    if (EXPIRED_LINK_STATUSES.has(response.status)) {
      await response.body?.cancel();
      return { saved: false, status: response.status };
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw fail(`The video host answered HTTP ${response.status} for ${redactQuery(url)}.`);
    }
    const type = response.headers.get('content-type');
    if (type !== null && NOT_A_VIDEO.test(type)) {
      await response.body.cancel();
      throw fail(
        `The video host answered HTTP ${response.status} with ${printable(type)} for ` +
          `${redactQuery(url)}: a web page or an error message (a login or error page?), not a video. Nothing was saved.`,
      );
    }
    // fetch decodes a compressed body, so its length is not the announced one: the
    // decoder itself fails on a body cut off.
    const encoding = response.headers.get('content-encoding');
    const announced =
      encoding === null || encoding.trim().toLowerCase() === 'identity'
        ? response.headers.get('content-length')
        : null;
    const total = announced === null ? undefined : Number(announced);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        armIdle();
        runCallback('onProgress', onProgress, [bytes, total], taskId).then(
          () => done(null, chunk),
          done,
        );
      },
    });
    // Like the CLI: a download into a folder that does not exist yet creates it.
    createdFolder = await mkdir(dirname(destPath), { recursive: true }).catch((cause: unknown) => {
      throw fail(`Could not create the folder ${dirname(destPath)}: ${reason(cause)}.`, cause);
    });
    // Opened before any byte flows: a stream still opening its file when the body fails
    // would create the file after the cleanup below had removed it, leaving a .part behind.
    const sink = createWriteStream(temp, { flags: 'wx' });
    await new Promise<void>((opened, failed) => {
      sink.once('open', () => opened());
      sink.once('error', failed);
    });
    wroteTemp = true;
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      count,
      sink,
      {
        signal: controller.signal,
      },
    );
    if (total !== undefined && bytes !== total)
      throw fail(`The download ended after ${bytes} of ${total} bytes.`);
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
      await link(temp, destPath).catch((cause: unknown) =>
        NO_HARD_LINKS.has((cause as { code?: string }).code ?? '')
          ? copyFile(temp, destPath, constants.COPYFILE_EXCL).catch(intoPlace)
          : intoPlace(cause),
      );
      await rm(temp, { force: true });
    }
    wroteTemp = false;
    saved = true;
    return { saved: true, path: destPath, bytes };
  } catch (error) {
    if (signal?.aborted)
      throw new AbortError('The download was aborted by the caller.', { cause: error, taskId });
    if (error instanceof DownloadError || error instanceof CallbackError) throw error;
    throw fail(`The download failed: ${(error as Error).message ?? String(error)}.`, error);
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
    if (wroteTemp) await rm(temp, { force: true });
    if (!saved && createdFolder !== undefined)
      await removeEmptyFolders(dirname(destPath), createdFolder);
  }
}

/** Removes `folder` and its parents up to `top`, each only if empty (rmdir), so nothing else is ever lost. */
async function removeEmptyFolders(folder: string, top: string): Promise<void> {
  const { rmdir, dirname, relative } = fileSystem(
    (reason) => new DownloadError(`Saving a video ${reason}`),
  );
  for (let dir = folder; ; dir = dirname(dir)) {
    if (relative(top, dir).startsWith('..')) return;
    const removed = await rmdir(dir).then(
      () => true,
      () => false,
    );
    if (!removed || relative(top, dir) === '') return;
  }
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
