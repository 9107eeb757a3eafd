/** What the hostile suites share: the API's paths, envelopes, and a client on a hostile server. */
import { afterEach } from 'vitest';
import { Omni, type OmniOptions } from '../../src/index.js';
import { CREATE_PATH, POLL_PATH } from './hostile-api.js';
import { type HostileServer, hostileServer } from './hostile-server.js';
import { virtualClock } from './virtual-clock.js';

export const KEY = 'sk_hostile_7d1e0c5a9b';
// The API's paths, written once for every hostile suite (test/helpers/hostile-api.ts).
export { CREATE_PATH };
export const TASK_PATH = POLL_PATH;
export const PARAMS = { model: 'Gemini-Omini', prompt: 'a red fox in fresh snow' } as const;

export const created = (taskId = 'task_h1') => ({
  code: '20000',
  msg: 'ok',
  data: { task_id: taskId, status: 'queued', model: 'Gemini-Omini', created_at: 1764259200 },
});

export const completed = (taskId = 'task_h1') => ({
  code: '20000',
  msg: 'ok',
  data: {
    task_id: taskId,
    status: 'completed',
    progress: 100,
    model: 'Gemini-Omini',
    created_at: 1764259200,
    completed_at: 1764259341,
    result: { video_url: 'https://cdn.example.com/v.mp4' },
  },
});

export const processing = (taskId = 'task_h1', progress = 40) => ({
  code: '20000',
  msg: 'ok',
  data: { task_id: taskId, status: 'processing', progress, model: 'Gemini-Omini' },
});

/** A client on `server`, on a virtual clock (backoffs and polls take no real time). */
export function clientOf(server: HostileServer, options: OmniOptions = {}) {
  return new Omni({
    apiKey: KEY,
    baseUrl: server.url,
    clock: virtualClock(),
    random: () => 0.5,
    timeoutMs: 2000,
    ...options,
  });
}

/**
 * Hostile servers for one test file, each closed after its test: `serve(handler)` starts
 * one and remembers it.
 *
 * @example
 * const serve = serversPerTest();
 * const server = await serve((req, res) => res.writeHead(307, { location: req.url }).end());
 */
export function serversPerTest(): (
  handler: Parameters<typeof hostileServer>[0],
) => Promise<HostileServer> {
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
