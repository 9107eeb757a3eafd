/**
 * A bound on the size of API answers (not videos: those stream to disk). The generated
 * client reads an answer whole before anything looks at it, and a server could send any
 * amount: a 1 GB query answer took 1.1 GB of memory, and a 300 MB one was returned as
 * the task. No answer of this API is more than a few kilobytes, so one over
 * {@link MAX_ANSWER_BYTES} is refused: at once when its `Content-Length` says so, else as
 * soon as that many bytes have arrived, and its connection is released either way.
 *
 * The body handed on is also tied to the attempt's signal: when the SDK's deadline or the
 * caller's abort fires, reading stops and the connection is released, even when a custom
 * fetch dropped the signal (see deadline.ts).
 */

/**
 * The largest API answer read, in bytes: 1 MiB, hundreds of times any answer the API
 * documents, and small enough that many calls in parallel cannot exhaust memory.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** Why a body stopped: the answer passed the cap. */
class AnswerTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly announced: number | undefined,
  ) {
    super(
      announced === undefined
        ? `The answer is larger than ${limit} bytes, the most an API answer may be; it was not read further.`
        : `The answer announces ${announced} bytes, more than ${limit} bytes, the most an API answer may be; it was not read.`,
    );
  }
}

/**
 * The message for an attempt whose body was refused as too large, or `undefined` when
 * `error` is something else.
 *
 * @example
 * const tooLarge = answerTooLarge(raw.error); // 'The answer is larger than 1048576 bytes, ...'
 */
export function answerTooLarge(error: unknown): string | undefined {
  return error instanceof AnswerTooLarge ? error.message : undefined;
}

/**
 * `response` with a body that errors past `limit` bytes and stops when `signal` aborts.
 * A response without a body (or a browser's opaque redirect) is returned as it is, and
 * so is one from the runtime's own fetch (`runtimeFetch`) whose `Content-Length` is
 * within the limit: that fetch never delivers more bytes than the length declares (a
 * longer body is a broken connection, an error) and stops reading when the request's
 * signal aborts, so both promises already hold. Wrapping the body cost a retrieve about
 * 60 µs on loopback (bench/overhead.ts, issue 18). A custom fetch gets no such trust.
 *
 * @example
 * const response = capAnswer(await fetch(request), MAX_ANSWER_BYTES, request.signal, true);
 */
export function capAnswer(
  response: Response,
  limit: number,
  signal: AbortSignal,
  runtimeFetch = false,
): Response {
  const source = response.body;
  if (source === null || response.type === 'opaqueredirect') return response;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    source.cancel().catch(() => undefined);
    const refused = new AnswerTooLarge(limit, declared);
    return rebuilt(response, new ReadableStream({ start: (c) => c.error(refused) }));
  }
  if (runtimeFetch && Number.isFinite(declared)) return response;
  const reader = source.getReader();
  let received = 0;
  let onAbort: (() => void) | undefined;
  const stop = () => {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    reader.cancel().catch(() => undefined);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        try {
          controller.error(signal.reason);
        } catch {
          // Already closed or errored: nothing is waiting for it.
        }
        reader.cancel(signal.reason).catch(() => undefined);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          if (onAbort) signal.removeEventListener('abort', onAbort);
          controller.close();
          return;
        }
        received += value.byteLength;
        if (received > limit) {
          stop();
          controller.error(new AnswerTooLarge(limit, undefined));
          return;
        }
        controller.enqueue(value);
      } catch (error) {
        if (onAbort) signal.removeEventListener('abort', onAbort);
        controller.error(error);
      }
    },
    cancel: (reason) => {
      if (onAbort) signal.removeEventListener('abort', onAbort);
      return reader.cancel(reason);
    },
  });
  return rebuilt(response, body);
}

/** The same answer (status, headers) around another body. */
function rebuilt(response: Response, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
