/**
 * Reading a file by its path, for uploads: Node, Bun and Deno (anything with
 * node:fs). The only Node-only code of uploads, kept here on its own. The built-ins
 * are loaded on first use through a specifier bundlers do not follow (as in
 * src/download.ts), so the main entry still bundles for browsers, where a path
 * means nothing and a Blob or File is passed instead.
 */
import { ValidationError } from '../errors.js';
import type { UploadSource } from './source.js';

const importBuiltin = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

/**
 * The file at `path`, to stream (never read whole into memory).
 *
 * @throws {ValidationError} when there is no readable file at `path`
 * @example
 * const source = await openPath('./cat.png'); // { name: 'cat.png', size: 482133, stream }
 */
export async function openPath(path: string): Promise<UploadSource> {
  const [fs, fsp, nodePath, stream] = (await Promise.all(
    ['node:fs', 'node:fs/promises', 'node:path', 'node:stream'].map(importBuiltin),
  )) as [
    typeof import('node:fs'),
    typeof import('node:fs/promises'),
    typeof import('node:path'),
    typeof import('node:stream'),
  ];
  let info: import('node:fs').Stats;
  try {
    info = await fsp.stat(path);
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
    name: nodePath.basename(path),
    size: info.size,
    stream: () =>
      stream.Readable.toWeb(fs.createReadStream(path)) as unknown as ReadableStream<Uint8Array>,
  };
}
