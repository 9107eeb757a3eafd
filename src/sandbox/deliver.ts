/** Sends an answer, or damages it the way the request's fault says. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES, errorReply, PROVIDER_CODES, type Reply } from './envelope.js';
import type { ActiveFault, FaultKind } from './faults.js';
import type { RecordedRequest } from './recording.js';

/** One request in flight. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  /** Timers of `slow` answers, cleared by `close()`. */
  timers: Set<ReturnType<typeof setTimeout>>;
}

/**
 * The answer a fault puts in place of the real one, or `null` when it damages the real
 * one. `req` is the request, for the faults that echo it.
 */
export function faultReply(fault: ActiveFault, req?: IncomingMessage): Reply | null {
  const retryAfter = { 'retry-after': fault.retryAfter };
  switch (fault.kind) {
    case 'rate-limit':
    case 'retry-after-bogus':
      return errorReply(429, ERROR_CODES.tooManyRequests, 'too many requests', null, retryAfter);
    case 'server-error':
      return errorReply(500, ERROR_CODES.internal, 'internal error');
    case 'unavailable':
      return errorReply(503, ERROR_CODES.unavailable, 'service unavailable', null, retryAfter);
    case 'error-envelope-200':
      return errorReply(200, fault.code, fault.msg);
    case 'auth-error-200':
      return errorReply(200, Number(PROVIDER_CODES.authenticationFailed), 'authentication failed');
    case 'bad-request-200':
      return errorReply(200, PROVIDER_CODES.badRequest, 'bad parameters');
    case 'auth-echo':
      // A debug page of a misconfigured gateway: every header, the key included.
      return {
        status: 401,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from(
          `unauthorized; you sent authorization: ${req?.headers.authorization ?? ''}\n`,
        ),
      };
    case 'redirect-loop':
      return { status: 307, headers: { location: req?.url ?? '/' }, body: Buffer.from('moved\n') };
    case 'bad-gateway':
      // What a reverse proxy in front of the service sends: HTML, not an envelope.
      return {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>\n'),
      };
    case 'reply': {
      const { status, headers = {}, body } = fault.reply!;
      return { status, headers, body: Buffer.from(body) };
    }
    default:
      return null;
  }
}

/** Sends `reply` whole. */
export function send(ex: Exchange, reply: Reply): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  ex.record.status = reply.status;
  // 204 and 304 carry no body, nor a length for one.
  if (reply.status === 204 || reply.status === 304) {
    ex.res.writeHead(reply.status, reply.headers);
    ex.res.end();
    return;
  }
  ex.res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length });
  ex.res.end(reply.body);
}

/** Sends `reply` as `fault` says; `reply` is `null` only for faults that send nothing. */
export function deliver(ex: Exchange, reply: Reply | null, fault: ActiveFault | null): void {
  const kind = fault?.kind;
  if (kind === 'reset-before' || kind === 'reset-after') {
    ex.req.socket.resetAndDestroy();
    return;
  }
  // Nothing is sent: the client waits until it gives up or the sandbox closes.
  if (kind === 'hang' || !reply) return;
  if (kind === 'slow') {
    const timer = setTimeout(() => {
      ex.timers.delete(timer);
      send(ex, reply);
    }, fault?.delayMs);
    ex.timers.add(timer);
    return;
  }
  if (kind === 'deep-json' || kind === 'huge-answer') {
    send(ex, { ...reply, body: withExtraField(reply.body, kind) });
    return;
  }
  const half = Math.max(1, Math.floor(reply.body.length / 2));
  if (kind === 'malformed-json') {
    send(ex, { ...reply, body: reply.body.subarray(0, half) });
    return;
  }
  const truncate = kind === 'truncated-body' || (kind === 'reply' && fault?.reply?.truncate);
  if (
    truncate &&
    ex.req.method !== 'HEAD' &&
    reply.body.length > 1 &&
    ![204, 304].includes(reply.status)
  ) {
    ex.record.status = reply.status;
    ex.res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length });
    ex.res.write(reply.body.subarray(0, half), () => ex.req.socket.destroy());
    return;
  }
  send(ex, reply);
}

/** How deep `deep-json` nests: enough to overflow any recursive walk (JSON.stringify, a deep copy). */
const DEEP_LEVELS = 5000;
/** What `huge-answer` adds: 1 MiB, so that the answer passes the SDK's cap of 1 MiB. */
const HUGE_PADDING = 1024 * 1024;

/**
 * The body of an answer damaged by `deep-json` or `huge-answer`: the real answer, still
 * valid JSON, with one more field (`error_msg`, a failure reason, or `x_padding`) in its `data` (or in the
 * envelope, when `data` is not an object). Other kinds: the body unchanged.
 *
 * @example
 * withExtraField(Buffer.from('{"code":"20000","msg":"ok","data":{"task_id":"t"}}'), 'deep-json');
 * // {"code":"20000","msg":"ok","data":{"task_id":"t","error_msg":[[[[…]]]]}}
 */
// Not exported: its Buffer signature would put Node's types into the sandbox's public
// declarations (faults.ts is reachable from them), which need no @types/node.
function withExtraField(body: Buffer, kind: FaultKind): Buffer {
  const field =
    kind === 'deep-json'
      ? `"error_msg":${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`
      : kind === 'huge-answer'
        ? `"x_padding":"${'x'.repeat(HUGE_PADDING)}"`
        : undefined;
  const text = body.toString('utf8');
  if (field === undefined || !text.endsWith('}')) return body;
  // Inside `data` when the answer ends with it (`...}}`), else inside the envelope.
  const at = text.endsWith('}}') ? text.length - 2 : text.length - 1;
  const empty = /[{]\s*$/.test(text.slice(0, at));
  return Buffer.from(`${text.slice(0, at)}${empty ? '' : ','}${field}${text.slice(at)}`);
}
