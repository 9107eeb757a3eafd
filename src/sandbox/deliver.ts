/** Sends an answer, or damages it the way the request's fault says. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES, errorReply, PROVIDER_CODES, type Reply } from './envelope.js';
import { type ActiveFault, withExtraField } from './faults.js';
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
