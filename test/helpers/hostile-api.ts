/**
 * The API's two routes on a hostile server: the envelope they answer with, and a
 * client pointed at the server. Shared by the hostile suites on waiting,
 * callbacks and downloads.
 */
import type { ServerResponse } from 'node:http';
import { Omni, type OmniOptions, type VideoTask } from '../../src/index.js';
import {
  type HostileHandler,
  type HostileServer,
  hostileServer,
  sendJson,
} from './hostile-server.js';
import { TEST_KEY } from './omni.js';
import { ROUTES } from '../../src/core/facts.js';

// The spec's paths (generated/facts.gen.ts), not copies of them.
export const CREATE_PATH = ROUTES.createVideo.path;
export const POLL_PATH = ROUTES.getVideoTask.path.replace('{taskId}', '');
export const TASK_ID = 'task_hostile_1';

/** A task the service is still working on. */
export const running = (id = TASK_ID): VideoTask => ({
  task_id: id,
  status: 'processing',
  progress: 40,
});

/** Answers with the success envelope around `data`. */
export function sendTask(
  res: ServerResponse,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    200,
    { code: '20000', msg: 'ok', data },
    {
      'content-type': 'application/json',
      ...headers,
    },
  );
}

/** A hostile server plus a client on it (fixed jitter, no retries unless asked). */
export async function hostileApi(
  handler: HostileHandler,
  options: OmniOptions = {},
): Promise<{ server: HostileServer; omni: Omni } & AsyncDisposable> {
  const server = await hostileServer(handler);
  const omni = new Omni({
    apiKey: TEST_KEY,
    baseUrl: server.url,
    random: () => 0,
    timeoutMs: 5000,
    ...options,
  });
  return { server, omni, [Symbol.asyncDispose]: () => server.close() };
}

/** The task id a poll asks for. */
export const polledId = (url: string) => decodeURIComponent(url.slice(POLL_PATH.length));
