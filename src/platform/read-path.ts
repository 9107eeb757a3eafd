/**
 * Reading a file by its path, for uploads: Node, Bun and Deno (anything with
 * node:fs). The only Node-only code of uploads, reached through the platform seam
 * (node.ts), as downloads are: in the browser build, where a path means nothing and a
 * Blob or File is passed instead, browser.ts's `openPath` refuses a path with a
 * ValidationError saying so, before anything is sent.
 */
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { ValidationError } from '../core/errors.js';
import type { UploadSource } from '../core/files/upload-source.js';

/**
 * The file at `path`, to stream (never read whole into memory).
 *
 * @throws {ValidationError} when there is no readable file at `path`
 * @example
 * const source = await openPath('./cat.png'); // { name: 'cat.png', size: 482133, stream }
 */
export async function openPath(path: string): Promise<UploadSource> {
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
