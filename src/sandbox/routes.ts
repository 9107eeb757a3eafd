/** The sandbox's routes: the spec's endpoints and the media route. */
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';
import type { FaultRoute } from './faults.js';
import { MEDIA_PREFIX } from './media.js';

/** `createVideo`'s path, from the spec. */
export const CREATE_PATH = '/api/open-api/v1/gemini/omni/videos';
/** `uploadFile`'s path, from the spec. */
export const UPLOAD_PATH = '/api/open-api/v1/files/upload';
/** `getVideoTask`'s path without its `{taskId}`, from the spec. */
export const TASK_PATH_PREFIX = '/api/open-api/v1/videos/';

/** A request matched to a route, with its decoded path parameter. @internal */
export type RouteMatch =
  | { route: 'create' }
  | { route: 'upload' }
  | { route: 'retrieve'; taskId: string }
  | { route: 'media'; file: string };

interface Candidate {
  route: FaultRoute;
  methods: readonly string[];
  param: string | null;
}

function candidate(pathname: string): Candidate | null {
  if (pathname === CREATE_PATH) return { route: 'create', methods: ['POST'], param: null };
  if (pathname === UPLOAD_PATH) return { route: 'upload', methods: ['POST'], param: null };
  for (const [prefix, route, methods] of [
    [TASK_PATH_PREFIX, 'retrieve', ['GET']],
    [MEDIA_PREFIX, 'media', ['GET', 'HEAD']],
  ] as const) {
    const rest = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : null;
    if (rest && !rest.includes('/')) return { route, methods, param: rest };
  }
  return null;
}

/** The route of a request, or the 404/405 envelope to answer with. @internal */
export function matchRoute(method: string, pathname: string): RouteMatch | Reply {
  const found = candidate(pathname);
  if (!found) return errorReply(404, ERROR_CODES.notFound, `no route for ${method} ${pathname}`);
  if (!found.methods.includes(method))
    return errorReply(
      405,
      ERROR_CODES.methodNotAllowed,
      `method ${method} not allowed on ${pathname}`,
      null,
      { allow: found.methods.join(', ') },
    );
  if (found.param === null) return { route: found.route as 'create' | 'upload' };
  let param: string;
  try {
    param = decodeURIComponent(found.param);
  } catch {
    return errorReply(404, ERROR_CODES.notFound, `no route for ${method} ${pathname}`);
  }
  return found.route === 'retrieve'
    ? { route: 'retrieve', taskId: param }
    : { route: 'media', file: param };
}

/** @internal */
export function isReply(value: RouteMatch | Reply): value is Reply {
  return 'status' in value;
}
