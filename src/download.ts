/**
 * Saving a video to disk (Node, Bun, Deno: anything with node:fs). The Node built-ins
 * come through the platform seam (src/platform/): static imports in the Node build,
 * and in the browser build a DownloadError saying that downloads need a file system.
 *
 * Nothing is lost or half-written: the body streams into a temporary file beside the
 * destination, which takes the destination's name only when complete and of the
 * length the server announced. On any failure nothing is left at the destination
 * and the temporary file is removed.
 */
import { AbortError, DownloadError } from './errors.js';
import { fileSystem } from './platform/node.js';

/** Options of {@link saveUrl}. */
export interface SaveOptions {
  signal?: AbortSignal | undefined;
  /** Replace an existing file at the destination. @default false */
  overwrite?: boolean | undefined;
  /** Called as bytes arrive; `total` is the announced length, when there is one. */
  onProgress?: ((bytes: number, total: number | undefined) => void) | undefined;
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
    createWriteStream,
    link,
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
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  const fail = (message: string, cause?: unknown) => new DownloadError(message, { cause, taskId });
  if (!overwrite && (await exists(destPath)))
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
    const announced = response.headers.get('content-length');
    const total = announced === null ? undefined : Number(announced);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        armIdle();
        onProgress?.(bytes, total);
        done(null, chunk);
      },
    });
    wroteTemp = true;
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      count,
      createWriteStream(temp, { flags: 'wx' }),
      {
        signal: controller.signal,
      },
    );
    if (total !== undefined && bytes !== total)
      throw fail(`The download ended after ${bytes} of ${total} bytes.`);
    if (overwrite) await rename(temp, destPath);
    else {
      // link() fails if the destination appeared meanwhile: never clobber a file.
      await link(temp, destPath).catch((cause: unknown) => {
        throw fail(`${destPath} already exists; pass overwrite: true to replace it.`, cause);
      });
      await rm(temp, { force: true });
    }
    wroteTemp = false;
    return { saved: true, path: destPath, bytes };
  } catch (error) {
    if (signal?.aborted)
      throw new AbortError('The download was aborted by the caller.', { cause: error, taskId });
    if (error instanceof DownloadError) throw error;
    throw fail(`The download failed: ${(error as Error).message ?? String(error)}.`, error);
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
    if (wroteTemp) await rm(temp, { force: true });
  }
}

/** A URL for messages: signed query strings are credentials of a kind, so they are cut. */
function redactQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
