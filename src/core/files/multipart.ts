/**
 * The `multipart/form-data` body of an upload (RFC 7578), built by hand rather than
 * with `FormData`: a FormData body has no length until it is serialised and reports
 * no progress. This one has an exact `content-length` and streams the file, counting
 * the bytes handed to the connection as it goes.
 */
import type { UploadSource } from './source.js';

/** A body ready to send. */
export interface MultipartBody {
  contentType: string;
  /** The exact length in bytes. */
  length: number;
  /** A fresh stream of the body, calling `onBytes` with the running total as it is read. */
  stream(onBytes?: (sent: number) => void): ReadableStream<Uint8Array>;
  /** The body as one Blob (no progress), for runtimes that cannot send a stream. */
  blob(): Blob;
}

const encoder = new TextEncoder();

// Browsers' own escaping of names in a Content-Disposition header (WHATWG HTML,
// "multipart/form-data encoding algorithm"): quotes and line breaks percent-encoded.
const escapeName = (name: string) =>
  name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** Random enough that it never occurs in the file; only [0-9a-z-] so it needs no quoting. */
function boundary(random: () => number): string {
  let out = '----jimmyai-omni-';
  for (let i = 0; i < 24; i++) out += Math.floor(random() * 36).toString(36);
  return out;
}

/**
 * The body with one part `field` holding the file.
 *
 * @example
 * const body = multipartBody('file', source, 'image/png', Math.random);
 * await fetch(url, { method: 'POST', body: body.stream(), duplex: 'half',
 *   headers: { 'content-type': body.contentType, 'content-length': String(body.length) } });
 */
export function multipartBody(
  field: string,
  source: UploadSource,
  type: string,
  random: () => number,
): MultipartBody {
  const mark = boundary(random);
  const head = encoder.encode(
    `--${mark}\r\nContent-Disposition: form-data; name="${field}"; filename="${escapeName(source.name)}"\r\n` +
      `Content-Type: ${type}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${mark}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${mark}`,
    length: head.length + source.size + tail.length,
    blob: () => new Blob([head, source.blob ?? new Blob([]), tail]),
    stream(onBytes) {
      let sent = 0;
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      const parts: Array<Uint8Array | 'file'> = [head, 'file', tail];
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          for (;;) {
            const part = parts[0];
            if (part === undefined) return controller.close();
            let chunk: Uint8Array | undefined;
            if (part === 'file') {
              reader ??= source.stream().getReader();
              const read = await reader.read();
              if (read.done) {
                parts.shift();
                continue;
              }
              chunk = read.value;
            } else {
              parts.shift();
              chunk = part;
            }
            sent += chunk.length;
            controller.enqueue(chunk);
            onBytes?.(sent);
            return;
          }
        },
        async cancel(reason) {
          await reader?.cancel(reason);
        },
      });
    },
  };
}
