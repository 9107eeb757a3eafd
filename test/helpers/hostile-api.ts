/**
 * The API on a hostile server: its paths, the tasks and envelopes it answers with, and
 * clients pointed at the server. Shared by every suite that plays a misbehaving service
 * (test/core/http, test/core/wait, test/platform/download, ...).
 */
import type { ServerResponse } from 'node:http';
import { afterEach } from 'vitest';
import { type Omni, type OmniOptions, type VideoTask } from '../../src/index.js';
import { ROUTES } from '../../src/core/facts.js';
import { ok } from './envelope.js';
import {
  type HostileHandler,
  type HostileServer,
  hostileServer,
  sendJson,
} from './hostile-server.js';
import { clientOn } from './omni.js';
import { virtualClock } from './virtual-clock.js';

// The spec's paths (generated/facts.gen.ts), not copies of them.
export const CREATE_PATH = ROUTES.createVideo.path;
export const POLL_PATH = ROUTES.getVideoTask.path.replace('{taskId}', '');
export const TASK_ID = 'task_hostile_1';

/** A valid create request. */
export const PARAMS = { model: 'Gemini-Omini', prompt: 'a red fox in fresh snow' } as const;

/** A task the service is still working on. */
export const running = (id = TASK_ID): VideoTask => ({
  task_id: id,
  status: 'processing',
  progress: 40,
});

/** The create's answer: a queued task, in its envelope. */
export const created = (taskId = 'task_h1') =>
  ok({ task_id: taskId, status: 'queued', model: 'Gemini-Omini', created_at: 1764259200 });

/** A completed task with its video link, in its envelope. */
export const completed = (taskId = 'task_h1') =>
  ok({
    task_id: taskId,
    status: 'completed',
    progress: 100,
    model: 'Gemini-Omini',
    created_at: 1764259200,
    completed_at: 1764259341,
    result: { video_url: 'https://cdn.example.com/v.mp4' },
  });

/** Answers with the success envelope around `data`. */
export function sendTask(
  res: ServerResponse,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, 200, ok(data), { 'content-type': 'application/json', ...headers });
}

/** A hostile server plus a client on it (no jitter, no retries unless asked). */
export async function hostileApi(
  handler: HostileHandler,
  options: OmniOptions = {},
): Promise<{ server: HostileServer; omni: Omni } & AsyncDisposable> {
  const server = await hostileServer(handler);
  const omni = clientOn(server.url, { random: () => 0, timeoutMs: 5000, ...options });
  return { server, omni, [Symbol.asyncDispose]: () => server.close() };
}

/** A client on `server`, on a virtual clock (backoffs and polls take no real time). */
export function clientOf(server: HostileServer, options: OmniOptions = {}): Omni {
  return clientOn(server.url, { clock: virtualClock(), timeoutMs: 2000, ...options });
}

/**
 * Hostile servers for one test file, each closed after its test: `serve(handler)` starts
 * one and remembers it.
 *
 * @example
 * const serve = serversPerTest();
 * const server = await serve((req, res) => res.writeHead(307, { location: req.url }).end());
 */
export function serversPerTest(): (handler: HostileHandler) => Promise<HostileServer> {
  let servers: HostileServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (handler) => {
    const server = await hostileServer(handler);
    servers.push(server);
    return server;
  };
}

/** The task id a poll asks for. */
export const polledId = (url: string) => decodeURIComponent(url.slice(POLL_PATH.length));
