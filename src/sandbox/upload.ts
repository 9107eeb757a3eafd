/**
 * `POST /api/open-api/v1/files/upload`: the sandbox's stand-in for the provider's
 * upload. Multipart is parsed by the platform's own `Request.formData()`; the limits
 * (size, extensions) are the spec's (generated/facts.gen.ts), the same facts the SDK
 * checks against. Stored files are served
 * from the media route under signed, expiring links, like the videos.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { UPLOAD_LIMITS } from '../core/facts.js';
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';
import { taskId, type Random } from './random.js';

/** The spec's limit on one upload (`x-max-bytes`: 100 MB). @internal */
export const UPLOAD_MAX_BYTES: number = UPLOAD_LIMITS.maxBytes;
const EXTENSIONS: readonly string[] = Object.keys(UPLOAD_LIMITS.types);
// The multipart framing around the file: boundaries and part headers, never this long.
const FRAMING_BYTES = 64 * 1024;

/** A file the sandbox stores. */
export interface StoredUpload {
  /** Its name on the media route: `up_…` and the extension. */
  name: string;
  /** The name it was uploaded with. */
  filename: string;
  /**
   * Its media type, from its extension (never the uploader's claim): what the media
   * route serves it as, and the upload's answer reports as `mime_type`.
   */
  type: string;
  bytes: Uint8Array;
  uploadedAtMs: number;
}

/**
 * The uploaded files, by their media name, within a byte budget: storing one that takes
 * the total above it forgets the oldest (a Map iterates in insertion order). @internal
 */
export class UploadStore {
  readonly #files = new Map<string, StoredUpload>();
  #bytes = 0;
  constructor(
    private readonly random: Random,
    private readonly budgetBytes: number,
  ) {}

  add(filename: string, bytes: Buffer, nowMs: number): StoredUpload {
    const ext = extensionOf(filename);
    const name = `up_${taskId(this.random).slice('task_'.length)}${ext}`;
    const type =
      (UPLOAD_LIMITS.types as Readonly<Record<string, string>>)[ext] ?? 'application/octet-stream';
    const file = { name, filename, type, bytes, uploadedAtMs: nowMs };
    this.#files.set(name, file);
    this.#bytes += bytes.length;
    for (const [old, stored] of this.#files) {
      if (this.#bytes <= this.budgetBytes || old === name) break;
      this.#files.delete(old);
      this.#bytes -= stored.bytes.length;
    }
    return file;
  }

  /** The bytes of the files kept. */
  get bytes(): number {
    return this.#bytes;
  }

  get(name: string): StoredUpload | undefined {
    return this.#files.get(name);
  }

  all(): StoredUpload[] {
    return [...this.#files.values()];
  }
}

/** What the upload route needs. @internal */
export interface UploadDeps {
  uploads: UploadStore;
  now: () => number;
  /** The largest file accepted, in bytes. */
  maxUploadBytes: number;
  /** The public URL of a stored file. */
  uploadUrl: (file: StoredUpload) => string;
}

/** The most bytes an upload request may carry: the file's limit and its framing. @internal */
export function uploadBodyLimit(maxUploadBytes: number): number {
  return maxUploadBytes + FRAMING_BYTES;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

const bad = (msg: string) => errorReply(400, ERROR_CODES.badRequest, msg);

/** `POST /api/open-api/v1/files/upload`: one multipart part `file`, checked and stored. @internal */
export async function uploadReply(
  deps: UploadDeps,
  headers: IncomingHttpHeaders,
  bytes: Buffer,
  tooLarge: boolean,
): Promise<Reply> {
  const type = headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type))
    return errorReply(
      415,
      ERROR_CODES.unsupportedMediaType,
      `content-type must be multipart/form-data, not ${JSON.stringify(type)}`,
    );
  if (tooLarge) return tooBig(deps);
  let form: FormData;
  try {
    form = await new Request('http://sandbox/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(bytes),
    }).formData();
  } catch (error) {
    return bad(`the multipart body could not be read: ${(error as Error).message}`);
  }
  const fields = [...form.keys()];
  const unknown = fields.filter((name) => name !== 'file');
  if (unknown.length > 0) return bad(`unknown form field(s): ${unknown.join(', ')}`);
  const files = form.getAll('file');
  if (files.length !== 1) return bad(`the form must hold one field "file", not ${files.length}`);
  const file = files[0] as FormDataEntryValue;
  if (typeof file === 'string') return bad('the field "file" must be a file, not text');
  if (!EXTENSIONS.includes(extensionOf(file.name)))
    return bad(
      `unsupported file type ${JSON.stringify(file.name)}: allowed ${EXTENSIONS.join(' ')}`,
    );
  if (file.size > deps.maxUploadBytes) return tooBig(deps);
  if (file.size === 0) return bad('the file is empty');
  const stored = deps.uploads.add(file.name, Buffer.from(await file.arrayBuffer()), deps.now());
  // The provider's own example sends this code as an integer: so does the sandbox,
  // to keep clients honest about reading both.
  const envelope = {
    code: 20000,
    msg: 'ok',
    data: {
      url: deps.uploadUrl(stored),
      filename: stored.filename,
      size: stored.bytes.length,
      mime_type: stored.type,
    },
  };
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: Buffer.from(JSON.stringify(envelope)),
  };
}

function tooBig(deps: UploadDeps): Reply {
  return errorReply(
    413,
    ERROR_CODES.payloadTooLarge,
    `file too large: at most ${deps.maxUploadBytes} bytes`,
  );
}
