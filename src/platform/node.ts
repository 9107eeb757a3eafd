/**
 * The platform seam for Node, Bun and Deno (see types.ts): static `node:` imports, so
 * bundlers targeting a server resolve them and runtimes load them as usual.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as stream from 'node:stream';
import * as streamp from 'node:stream/promises';
import type { FileSystemAccess, NodeFileSystem } from './types.js';

let builtins: NodeFileSystem | undefined;

/**
 * The Node built-ins; never refuses here.
 *
 * @example
 * const { rename, join } = fileSystem((reason) => new DownloadError(reason));
 */
export const fileSystem: FileSystemAccess = () =>
  (builtins ??= { ...crypto, ...fs, ...fsp, ...path, ...stream, ...streamp });
