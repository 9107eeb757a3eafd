/**
 * A file ready to send, whatever it came from (a path, a Blob, bytes): see source.ts.
 */

/**
 * A file ready to send: its name, size and bytes (a fresh stream per call).
 *
 * @example
 * const source: UploadSource = { name: 'cat.png', size: bytes.length, stream: () => new Blob([bytes]).stream() };
 */
export interface UploadSource {
  name: string;
  size: number;
  /** Set when the bytes are already a Blob (sent as is where streams cannot be). */
  blob?: Blob;
  stream(): ReadableStream<Uint8Array>;
}
