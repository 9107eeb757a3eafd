/**
 * What `omni.files.upload` takes: a path (Node, Bun, Deno), or a Blob, File or bytes
 * with a name. Each becomes an {@link UploadSource}: a name, a size, and a stream of
 * its bytes that can be opened again for a retry.
 */
import { openPath } from '../../platform/node.js';
import { ValidationError } from '../errors.js';

/**
 * A file to upload: a path, a `Blob`/`File`, or bytes.
 *
 * @example
 * await omni.files.upload('./cat.png');
 * await omni.files.upload(new File([bytes], 'cat.png'));
 * await omni.files.upload(bytes, { filename: 'cat.png' });
 */
export type UploadInput = string | Blob | ArrayBuffer | ArrayBufferView;

// In a module of its own: the platform's read-path.ts returns one, and importing it from
// here would make an import circle (this module reaches read-path.ts through the seam).
export type { UploadSource } from './upload-source.js';
import type { UploadSource } from './upload-source.js';

/**
 * The source for `input`, named `filename` when given (else the file's own name).
 *
 * @throws {ValidationError} for input of another kind, or bytes without a name
 */
export async function toSource(input: UploadInput, filename?: string): Promise<UploadSource> {
  if (typeof input === 'string') {
    if (input === '')
      throw new ValidationError([{ path: 'file', message: 'must not be an empty path' }]);
    // Through the platform seam: the browser build refuses a path, with no node:fs.
    const source = await openPath(input);
    return filename ? { ...source, name: filename } : source;
  }
  let blob: Blob;
  if (typeof Blob !== 'undefined' && input instanceof Blob) blob = input;
  else if (input instanceof ArrayBuffer || ArrayBuffer.isView(input))
    blob = new Blob([input as BlobPart]);
  else
    throw new ValidationError([
      { path: 'file', message: 'must be a path, a Blob or File, an ArrayBuffer or a Uint8Array' },
    ]);
  const name = filename ?? (input as { name?: unknown }).name;
  if (typeof name !== 'string' || name === '')
    throw new ValidationError([
      {
        path: 'filename',
        message:
          'is required for a Blob or bytes: its extension says what the file is ({ filename: "cat.png" })',
      },
    ]);
  return { name, size: blob.size, blob, stream: () => blob.stream() };
}
