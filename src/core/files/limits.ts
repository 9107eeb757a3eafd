/**
 * The provider's documented limits of `uploadFile`: at most 100 MB, and a file name
 * with one of the listed extensions. The spec states them as `x-max-bytes` and
 * `x-allowed-extensions` on `UploadFileRequest.file`; they reach this file through
 * generated/facts.gen.ts (src/core/facts.ts).
 */
import type { ValidationIssue } from '../errors.js';
import { UPLOAD_LIMITS } from '../facts.js';
import { sourcedIssue } from '../request/rules.js';

/** At most 100 MB per file (the provider's documented limit; spec: `x-max-bytes`). */
export const MAX_UPLOAD_BYTES: number = UPLOAD_LIMITS.maxBytes;

/**
 * The accepted extensions and the media type each is sent with (spec:
 * `x-allowed-extensions`).
 *
 * @example
 * UPLOAD_TYPES['.png']; // 'image/png'
 */
export const UPLOAD_TYPES: Readonly<Record<string, string>> = UPLOAD_LIMITS.types;

/** The extension of a file name, lower-cased (`'.png'`), or `''`. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * What is wrong with uploading a file of this name and size; empty when nothing is.
 *
 * @example
 * uploadIssues('notes.txt', 10); // [{ path: 'file', message: 'has the extension .txt, ...' }]
 */
export function uploadIssues(name: string, size: number, path = 'file'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ext = extensionOf(name);
  if (!(ext in UPLOAD_TYPES))
    issues.push(
      sourcedIssue(
        {
          path,
          message:
            `${ext ? `has the extension ${ext}` : 'has no extension'} (${JSON.stringify(name)}); ` +
            `the upload takes ${Object.keys(UPLOAD_TYPES).join(' ')}`,
        },
        'provider',
      ),
    );
  if (size > MAX_UPLOAD_BYTES)
    issues.push(
      sourcedIssue(
        {
          path,
          message: `is ${size} bytes; the upload takes at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB (${MAX_UPLOAD_BYTES} bytes)`,
        },
        'provider',
      ),
    );
  else if (size === 0)
    issues.push(
      sourcedIssue(
        { path, message: 'is empty' },
        'decision',
        'an empty file is no reference, and the provider does not say what it does with one',
      ),
    );
  return issues;
}
