/**
 * `omni.files`: uploads that turn a local image, video or audio file into a public
 * URL, to pass as a reference to `omni.videos.create`. Through the generated
 * `uploadFile` (via src/core/generated.ts), with the handwritten multipart body of
 * multipart.ts.
 */
import { CallbackError, ValidationError } from '../errors.js';
import { type UploadedFile, uploadFile } from '../generated.js';
import type { Pipeline } from '../http/pipeline.js';
import type { Watch } from '../observe/observer.js';
import { assertNumericOptions, isBrowser, REQUEST_NUMBERS } from '../safety.js';
import { checkAnswer, UPLOAD_ANSWER, UPLOADED_FILE } from '../schemas.js';
import { keepTyped } from '../typed-fields.js';
import { extensionOf, UPLOAD_TYPES, uploadIssues } from './limits.js';
import { multipartBody } from './multipart.js';
import { toSource, type UploadInput } from './source.js';

/**
 * Options of {@link Files.upload}.
 *
 * @example
 * await omni.files.upload(bytes, { filename: 'cat.png', onProgress: (sent, total) => console.log(sent / total) });
 */
export interface UploadOptions {
  /** The name to send (its extension says what the file is); required for bytes and a plain Blob. */
  filename?: string | undefined;
  /** Called as bytes go out, with the body's exact length as `total`. */
  onProgress?: ((sent: number, total: number) => unknown) | undefined;
  /** Cancels the upload at once, in flight or while waiting to retry. */
  signal?: AbortSignal | undefined;
  /** The whole upload's timeout, in ms. @default 600000 (10 minutes: 100 MB at about 1.4 Mbit/s) */
  timeoutMs?: number | undefined;
  /** Retries when the upload provably never arrived. @default the client's maxRetries */
  maxRetries?: number | undefined;
}

/**
 * What {@link Files.upload} returns: the stored file's public URL and its metadata.
 *
 * @example
 * const { url, mime_type } = await omni.files.upload('./cat.png'); // url goes in image_urls
 */
export type UploadResult = UploadedFile;

/** An upload's default timeout: a large file takes longer than an API call. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * The file resource: `omni.files`.
 *
 * @example
 * const image = await omni.files.upload('./cat.png');
 * await omni.videos.generate({ model: 'Gemini-Omini', prompt: 'it wakes up', generation_type: 'frame', image_urls: [image.url] });
 */
export class Files {
  readonly #omni: Pipeline;

  constructor(omni: Pipeline) {
    this.#omni = omni;
  }

  /**
   * Uploads one image, video or audio file (at most 100 MB, a documented extension)
   * and returns its public URL with its metadata. Size and extension are checked
   * before anything is sent. Resent only when it provably never arrived (refused
   * connection, unknown host, 429): a duplicate upload is waste.
   *
   * @throws {ValidationError} before sending, for a missing file, a wrong extension or size
   * @example
   * const { url } = await omni.files.upload('./cat.png', { onProgress: (sent, total) => bar(sent / total) });
   */
  async upload(file: UploadInput, options: UploadOptions = {}): Promise<UploadResult> {
    return this.#omni.observer.operation('upload', undefined, (watch) =>
      this.#upload(file, options, watch),
    );
  }

  /**
   * Checks a file as {@link Files.upload} will (it can be read, its extension, its
   * size) without sending anything or needing a key: a form or a command line can
   * report every bad file before the first upload starts.
   *
   * @throws {ValidationError} for a missing or unreadable file, a wrong extension or size
   * @example
   * await omni.files.check('./cat.png'); // resolves: the upload would take it
   * await omni.files.check('./notes.txt'); // rejects: ValidationError on `file`
   */
  async check(file: UploadInput, options: Pick<UploadOptions, 'filename'> = {}): Promise<void> {
    await this.#checked(file, options.filename);
  }

  async #checked(file: UploadInput, filename: string | undefined) {
    const source = await toSource(file, filename);
    const issues = uploadIssues(source.name, source.size);
    if (issues.length > 0) throw new ValidationError(issues);
    return source;
  }

  async #upload(
    file: UploadInput,
    options: UploadOptions,
    watch: Watch | undefined,
  ): Promise<UploadResult> {
    assertNumericOptions(options, REQUEST_NUMBERS);
    const source = await this.#checked(file, options.filename);
    // Before reading the file's bytes: a missing key fails first, nothing sent.
    this.#omni.client();
    const type = UPLOAD_TYPES[extensionOf(source.name)] as string;
    const body = multipartBody('file', source, type, this.#omni.random);
    const { onProgress } = options;
    // The SDK's one callback rule (callbacks.ts): a progress callback that throws stops
    // the upload, which rejects with a CallbackError. It is called from inside the
    // body's stream, so its error is kept and the upload aborted through `stop`.
    const stop = new AbortController();
    let callbackError: CallbackError | undefined;
    const stopWith = (error: unknown) => {
      callbackError ??= new CallbackError('onProgress', error);
      stop.abort(callbackError);
    };
    // Not awaited (the bytes keep flowing), but a returned promise that rejects stops the
    // upload all the same, and never becomes an unhandled rejection.
    const report = (sent: number) => {
      if (callbackError || !onProgress) return;
      try {
        const result: unknown = onProgress(sent, body.length);
        if (result instanceof Promise) result.catch(stopWith);
      } catch (error) {
        stopWith(error);
      }
    };
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    // Browsers send a streamed body only over HTTP/2 and never with a length: there
    // the body goes as one Blob, and progress is reported when it is done.
    const streamed = !isBrowser();
    const answer = await this.#omni
      .send<UploadResult>(
        (init) =>
          uploadFile({
            ...init,
            // The serializer below builds the body from `source`; hey-api's FormData
            // serializer (which it replaces) would have no length and no progress.
            body: { file: source.blob ?? new Blob([]) },
            bodySerializer: () => (streamed ? body.stream(report) : body.blob()),
            headers: {
              'Content-Type': body.contentType,
              ...(streamed ? { 'Content-Length': String(body.length) } : {}),
            },
            ...(streamed ? { duplex: 'half' } : {}),
            // Only what identifies the upload is checked; keepTyped (below) leaves out
            // any other field that contradicts the spec.
            responseValidator: async (envelope: unknown) => checkAnswer(UPLOAD_ANSWER, envelope),
          } as Parameters<typeof uploadFile>[0]),
        {
          maxRetries: options.maxRetries,
          timeoutMs: options.timeoutMs ?? UPLOAD_TIMEOUT_MS,
          signal,
          watch,
        },
      )
      .catch((error: unknown) => {
        throw callbackError ?? error;
      });
    if (!streamed) report(body.length);
    if (callbackError) throw callbackError;
    return keepTyped<UploadResult>(
      UPLOADED_FILE,
      answer.data as unknown as Record<string, unknown>,
    );
  }
}
