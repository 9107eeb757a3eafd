/** What the sandbox keeps of each request: enough to assert on, never a key. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FaultKind, FaultRoute } from './faults.js';

/**
 * One request, as the sandbox received and answered it.
 *
 * @example
 * const creates = sandbox.requests.filter((r) => r.route === 'create');
 * expect(creates.filter((r) => r.taskId !== null)).toHaveLength(1); // no task made twice
 */
export interface RecordedRequest {
  /**
   * Its number in order of arrival, from 0: it goes on counting when older records are
   * dropped (`maxRecordedRequests`) or cleared.
   */
  seq: number;
  /** When it arrived, on the sandbox clock (ms). */
  time: number;
  /** The HTTP method. */
  method: string;
  /** The path, without the query (`/api/open-api/v1/videos/task_…`). */
  path: string;
  /** The request target as sent, with the query. */
  url: string;
  /** The route it matched (`operation`: an operation of the spec served from its example); `null` for an unknown route. */
  route: FaultRoute | 'operation' | null;
  /**
   * The headers, names lower-cased. Credentials are redacted: `authorization` keeps only
   * its scheme (`Bearer ***`), so a test can see that one was sent, never its value.
   */
  headers: Record<string, string | string[] | undefined>;
  /**
   * The body: parsed JSON, else the raw text; `null` when empty. A body above
   * `maxRecordedBodyBytes` (and an upload's file) is recorded as a note of its size.
   */
  body: unknown;
  /** The fault that hit it, or `null`. */
  fault: FaultKind | null;
  /** The task it created, or `null`. */
  taskId: string | null;
  /** The HTTP status sent, or `null` when none was (reset, hang, still waiting). */
  status: number | null;
}

const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
]);

/** Copies the headers with every credential replaced by `***` (the auth scheme kept). @internal */
export function redactHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    copy[name] = CREDENTIAL_HEADERS.has(name) ? redact(String(value)) : value;
  }
  return copy;
}

function redact(value: string): string {
  const scheme = /^\s*([A-Za-z]+)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ***` : '***';
}

/** The body's bytes, up to `limit` (the rest is read and dropped, so the answer can be sent). @internal */
export async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    else chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks), tooLarge };
}

/** The body as recorded: parsed JSON, else the raw text, `null` when empty. @internal */
export function bodyForRecord(bytes: Buffer): unknown {
  if (bytes.length === 0) return null;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The recorded requests, bounded: a live array of the latest `max`, oldest first.
 * @internal
 */
export class RequestLog {
  readonly records: RecordedRequest[] = [];
  #seq = 0;
  constructor(private readonly max: number) {}

  /** Records a request, numbering it, and drops the oldest beyond the limit. */
  add(record: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const numbered = { seq: this.#seq++, ...record };
    this.records.push(numbered);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
    return numbered;
  }

  clear(): void {
    this.records.length = 0;
  }
}

/** The body as kept in a record: a note of its size when above `maxBytes`. @internal */
export function recordedBody(bytes: Buffer, maxBytes: number): unknown {
  return bytes.length > maxBytes ? `(${bytes.length} bytes, not kept)` : bodyForRecord(bytes);
}
