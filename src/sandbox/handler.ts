/**
 * One request, start to end: read and record it, match its route, draw its fault,
 * check auth, process it, and send (or damage) the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReply, retrieveReply, taskFaultFits, type ApiDeps } from './api.js';
import { checkAuth } from './auth.js';
import { deliver, faultReply, send, type Exchange } from './deliver.js';
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';
import type { ActiveFault, FaultKind, FaultPlan } from './faults.js';
import { mediaReply, type MediaDeps } from './media.js';
import { operationReply } from './operation.js';
import { readBody, recordedBody, redactHeaders, type RequestLog } from './recording.js';
import { isReply, matchRoute, type RouteMatch } from './routes.js';
import { uploadBodyLimit, uploadReply, type UploadDeps } from './upload.js';

/** Bodies above this are refused (413): the API's bodies are small JSON. */
export const MAX_BODY_BYTES = 1024 * 1024;

const TASK_FAULTS: readonly FaultKind[] = ['unknown-status', 'status-case', 'progress-backwards'];

export interface HandlerDeps extends ApiDeps, MediaDeps, UploadDeps {
  faults: FaultPlan;
  apiKeys: readonly string[] | undefined;
  requests: RequestLog;
  /** The largest body kept in a record. */
  maxRecordedBodyBytes: number;
  timers: Set<ReturnType<typeof setTimeout>>;
}

export async function handle(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const time = deps.now();
  const target = req.url ?? '/';
  // Prefixed rather than resolved, so that a target like `//x/y` stays a path.
  const url = new URL(target.startsWith('/') ? `http://sandbox${target}` : target);
  const method = req.method ?? 'GET';
  const match = matchRoute(method, url.pathname);
  const isUpload = !isReply(match) && match.route === 'upload';
  const limit = isUpload ? uploadBodyLimit(deps.maxUploadBytes) : MAX_BODY_BYTES;
  const { bytes, tooLarge } = await readBody(req, limit);
  const record = deps.requests.add({
    time,
    method,
    path: url.pathname,
    url: target,
    route: isReply(match) ? null : match.route,
    headers: redactHeaders(req.headers),
    // An upload's bytes are a file, not something to show: its size stands for it.
    body: tooLarge
      ? `(${limit}+ bytes, not kept)`
      : isUpload
        ? `(multipart upload, ${bytes.length} bytes)`
        : recordedBody(bytes, deps.maxRecordedBodyBytes),
    fault: null,
    taskId: null,
    status: null,
  });
  const ex: Exchange = { req, res, record, timers: deps.timers };

  if (isReply(match)) return send(ex, match);
  if (tooLarge && !isUpload)
    return send(ex, errorReply(413, ERROR_CODES.payloadTooLarge, 'body over 1 MiB'));

  const authError =
    match.route === 'media' ? null : checkAuth(req.headers.authorization, deps.apiKeys);
  const task = match.route === 'retrieve' ? deps.tasks.get(match.taskId) : undefined;
  // An operation served from the spec's example has no faults of its own (yet).
  const fault =
    match.route === 'operation'
      ? null
      : deps.faults.take(match.route, (kind) => {
          if (!TASK_FAULTS.includes(kind)) return true;
          return !authError && task !== undefined && taskFaultFits(kind, task, deps.now());
        });
  record.fault = fault?.kind ?? null;

  let reply: Reply | null = null;
  if (!fault || fault.process)
    reply =
      authError ??
      (match.route === 'upload'
        ? await uploadReply(deps, req.headers, bytes, tooLarge)
        : match.route === 'operation'
          ? operationReply(match.operationId, match.params, req.headers, bytes, url.searchParams)
          : processRequest(deps, match, ex, bytes, fault, url.searchParams));
  deliver(ex, (fault && faultReply(fault, req)) ?? relabel(reply, fault), fault);
}

/** The `wrong-content-type` fault: the real answer, under another content type (or none). */
function relabel(reply: Reply | null, fault: ActiveFault | null): Reply | null {
  if (!reply || fault?.kind !== 'wrong-content-type') return reply;
  const { 'content-type': _type, ...headers } = reply.headers;
  if (fault.contentType !== '') headers['content-type'] = fault.contentType;
  return { ...reply, headers };
}

function processRequest(
  deps: HandlerDeps,
  match: Exclude<RouteMatch, { route: 'upload' | 'operation' }>,
  ex: Exchange,
  bytes: Buffer,
  fault: ActiveFault | null,
  query: URLSearchParams,
): Reply {
  switch (match.route) {
    case 'create': {
      const { reply, task } = createReply(deps, ex.req.headers, bytes);
      ex.record.taskId = task?.id ?? null;
      return reply;
    }
    case 'retrieve':
      return retrieveReply(deps, match.taskId, fault);
    case 'media':
      return mediaReply(deps, match.file, query);
  }
}
