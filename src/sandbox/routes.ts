/**
 * The sandbox's routes: every operation of the spec (generated/facts.gen.ts, ROUTES)
 * and the media route. Three operations have handwritten behaviour (a task lifecycle,
 * uploads); any other operation of the spec is served generically (operation.ts), so a
 * new endpoint works in the sandbox right after `npm run generate`.
 */
import { ROUTES } from '../core/facts.js';
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';
import { MEDIA_PREFIX } from './media.js';

/** `createVideo`'s path, from the spec. */
export const CREATE_PATH = ROUTES.createVideo.path;
/** `uploadFile`'s path, from the spec. */
export const UPLOAD_PATH = ROUTES.uploadFile.path;
/** `getVideoTask`'s path without its `{taskId}`, from the spec. */
export const TASK_PATH_PREFIX: string = ROUTES.getVideoTask.path.replace(/\{taskId\}$/, '');

/** A request matched to a route, with its decoded path parameters. @internal */
export type RouteMatch =
  | { route: 'create' }
  | { route: 'upload' }
  | { route: 'retrieve'; taskId: string }
  | { route: 'media'; file: string }
  | { route: 'operation'; operationId: string; params: Record<string, string> };

/** The operations whose behaviour is handwritten, by operationId. */
const HANDWRITTEN: Readonly<Record<string, 'create' | 'upload' | 'retrieve'>> = {
  createVideo: 'create',
  uploadFile: 'upload',
  getVideoTask: 'retrieve',
};

interface Template {
  operationId: string;
  method: string;
  pattern: RegExp;
  names: string[];
}

// A path template (`/v1/videos/{taskId}`) as a pattern: each parameter is one segment.
const TEMPLATES: readonly Template[] = Object.entries(ROUTES).map(
  ([operationId, { method, path }]) => {
    const names: string[] = [];
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('');
    return { operationId, method, pattern: new RegExp(`^${source}$`), names };
  },
);

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The route of a request, or the 404/405 envelope to answer with. @internal */
export function matchRoute(method: string, pathname: string): RouteMatch | Reply {
  const notFound = () =>
    errorReply(404, ERROR_CODES.notFound, `no route for ${method} ${pathname}`);
  const media = pathname.startsWith(MEDIA_PREFIX) ? pathname.slice(MEDIA_PREFIX.length) : null;
  const found =
    media && !media.includes('/')
      ? [
          { operationId: '', method: 'GET', values: [media] },
          { operationId: '', method: 'HEAD', values: [media] },
        ]
      : TEMPLATES.flatMap((t) => {
          const m = t.pattern.exec(pathname);
          return m ? [{ operationId: t.operationId, method: t.method, values: m.slice(1), t }] : [];
        });
  if (found.length === 0) return notFound();
  const hit = found.find((f) => f.method === method);
  if (!hit)
    return errorReply(
      405,
      ERROR_CODES.methodNotAllowed,
      `method ${method} not allowed on ${pathname}`,
      null,
      { allow: found.map((f) => f.method).join(', ') },
    );
  const values = hit.values.map(decode);
  if (values.some((v) => v === undefined)) return notFound();
  if (media !== null && hit.operationId === '')
    return { route: 'media', file: values[0] as string };
  const route = HANDWRITTEN[hit.operationId];
  if (route === 'retrieve') return { route, taskId: values[0] as string };
  if (route) return { route };
  const names = TEMPLATES.find((t) => t.operationId === hit.operationId)?.names ?? [];
  return {
    route: 'operation',
    operationId: hit.operationId,
    params: Object.fromEntries(names.map((name, i) => [name, values[i] as string])),
  };
}

/** @internal */
export function isReply(value: RouteMatch | Reply): value is Reply {
  return 'status' in value;
}
