/**
 * Reading a file by its path, for uploads: Node, Bun and Deno (anything with
 * node:fs). The only Node-only code of uploads, kept here on its own. The built-ins
 * come through the platform seam (src/platform/), as for downloads: in the browser
 * build, where a path means nothing and a Blob or File is passed instead, a path is a
 * ValidationError saying so, before anything is sent.
 */
import type { Stats } from 'node:fs';
import { ValidationError } from '../core/errors.js';
import { fileSystem } from './node.js';
import type { UploadSource } from '../core/files/upload-source.js';

/**
 * The file at `path`, to stream (never read whole into memory).
 *
 * @throws {ValidationError} when there is no readable file at `path`
 * @example
 * const source = await openPath('./cat.png'); // { name: 'cat.png', size: 482133, stream }
 */
export async function openPath(path: string): Promise<UploadSource> {
  const { stat, createReadStream, basename, Readable } = fileSystem(
    (reason) =>
      new ValidationError([{ path: 'file', message: `a path ${reason}; pass a Blob or File` }]),
  );
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ValidationError(
      [
        {
          path: 'file',
          message: `cannot be read: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))} (${path})`,
        },
      ],
      { cause: error },
    );
  }
  if (!info.isFile())
    throw new ValidationError([{ path: 'file', message: `is not a file (${path})` }]);
  return {
    name: basename(path),
    size: info.size,
    stream: () => Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>,
  };
}
