/** `startSandbox`: the local stand-in for the JimmyAI Gemini Omni API. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyCors } from './cors.js';
import { ERROR_CODES, errorReply } from './envelope.js';
import { FaultPlan, type FaultSpec, type InjectedFault } from './faults.js';
import { handle, type HandlerDeps } from './handler.js';
import { hostAllowed } from './hosts.js';
import { LinkSigner, loadSampleVideo } from './media.js';
import { resolveOptions, SANDBOX_DEFAULTS, type SandboxOptions } from './options.js';
import { randomSeed, stream } from './random.js';
import { RequestLog, type RecordedRequest } from './recording.js';
import { specValidator } from './spec-validator.js';
import { TaskStore, type SandboxTask } from './tasks.js';
import { UploadStore, type StoredUpload } from './upload.js';

/**
 * A running sandbox.
 *
 * @example
 * const sandbox = await startSandbox({ timeScale: 0.01, jitter: 0 });
 * try {
 *   // point the SDK at sandbox.url ...
 *   expect(sandbox.tasks).toHaveLength(1);
 *   expect(sandbox.requests.every((r) => r.status !== 500)).toBe(true);
 * } finally {
 *   await sandbox.close();
 * }
 */
export interface Sandbox {
  /** The base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The seed in use (given, or drawn at start). */
  readonly seed: number;
  /**
   * The latest requests (up to `maxRecordedRequests`, 1000 by default), in order of
   * arrival (a live array). Requests refused by the Host check are not recorded.
   */
  readonly requests: readonly RecordedRequest[];
  /** Every task it holds, in order of creation; each `state` is computed when read. */
  readonly tasks: readonly SandboxTask[];
  /**
   * The files uploaded and still kept (within `maxStoredUploadBytes`), oldest first,
   * bytes included.
   */
  readonly uploads: readonly StoredUpload[];
  /** The injected faults not used up yet, in order. */
  readonly faults: readonly InjectedFault[];
  /** One task, or `undefined`; its `state` is the current snapshot. */
  task(id: string): SandboxTask | undefined;
  /** Queues a fault for upcoming requests (see {@link FaultSpec}). */
  injectFault(fault: FaultSpec): InjectedFault;
  /** Drops the injected faults not used up yet (random faults go on). */
  clearFaults(): void;
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** The sandbox clock: the `now` option plus every {@link Sandbox.advance}, in ms. */
  now(): number;
  /**
   * Moves the sandbox clock forward, e.g. past a task's end or a link's expiry.
   * @example sandbox.advance(3 * 24 * 60 * 60 * 1000 + 1); // every link has expired
   */
  advance(ms: number): void;
  /**
   * Stops the server: destroys open connections (hung and keep-alive ones included)
   * and cancels pending `slow` answers. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Starts the sandbox on loopback and resolves once it listens.
 *
 * It serves the spec's endpoints (`POST /api/open-api/v1/gemini/omni/videos`,
 * `GET /api/open-api/v1/videos/{taskId}`, `POST /api/open-api/v1/files/upload`) with
 * the `{ code, msg, data }` envelope, a signed, expiring media route for the videos
 * and the uploaded files, prompt markers to choose a task's
 * outcome (see {@link PROMPT_MARKERS}) and fault injection (see {@link FAULT_KINDS}).
 *
 * @example
 * const sandbox = await startSandbox({ port: 8787 });
 * // curl -H 'authorization: Bearer sk_test' -H 'content-type: application/json' \
 * //   -d '{"model":"Gemini-Omini","prompt":"a fox"}' \
 * //   http://127.0.0.1:8787/api/open-api/v1/gemini/omni/videos
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveOptions(options);
  const seed = options.seed ?? randomSeed();
  const clock = options.now ?? Date.now;
  let offset = 0;
  const now = () => clock() + offset;
  const video = await loadSampleVideo();
  const signer = new LinkSigner(`jimmyai-omni-sandbox:${seed}`);
  let baseUrl = '';
  const tasks = new TaskStore({
    random: stream(seed, 0),
    timings: config,
    now,
    videoUrl: (task) => baseUrl + signer.path(task.id, task.endsAtMs + config.linkTtlMs),
  });
  const faults = new FaultPlan(stream(seed, 1), options.faults);
  const uploads = new UploadStore(stream(seed, 2), config.maxStoredUploadBytes);
  const requests = new RequestLog(config.maxRecordedRequests);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const deps: HandlerDeps = {
    tasks,
    validator: specValidator('CreateVideoRequest'),
    now,
    signer,
    video,
    uploads,
    maxUploadBytes: config.maxUploadBytes,
    uploadUrl: (file) => baseUrl + signer.filePath(file.name, file.uploadedAtMs + config.linkTtlMs),
    faults,
    apiKeys: options.apiKeys ? [...options.apiKeys] : undefined,
    requests,
    maxRecordedBodyBytes: config.maxRecordedBodyBytes,
    timers,
  };

  const sockets = new Set<Socket>();
  const cors = options.cors ?? SANDBOX_DEFAULTS.cors;
  const server = createServer((req, res) => {
    // No answer should be read as anything but its declared type.
    res.setHeader('x-content-type-options', 'nosniff');
    if (!hostAllowed(req.headers.host, config.host, config.allowedHosts))
      return refuseHost(req, res);
    if (cors && applyCors(req, res)) return;
    handle(deps, req, res).catch(() => {
      if (res.headersSent) return req.socket.destroy();
      const reply = errorReply(500, ERROR_CODES.internal, 'internal error');
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${urlHost(config.host)}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    seed,
    requests: requests.records,
    get tasks() {
      return tasks.all();
    },
    get faults() {
      return faults.queued;
    },
    get uploads() {
      return uploads.all();
    },
    task: (id) => tasks.get(id),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    clearRequests: () => requests.clear(),
    now,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('advance: ms must be >= 0');
      offset += ms;
    },
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        // closeAllConnections only knows sockets that still have an HTTP parser; a socket
        // whose request ended in a fault may not, and would keep close() waiting.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** 403 for a request addressed to a name the sandbox does not answer to (no CORS headers). */
function refuseHost(req: IncomingMessage, res: ServerResponse): void {
  const reply = errorReply(
    403,
    ERROR_CODES.forbidden,
    `host ${JSON.stringify(req.headers.host ?? '')} is not allowed: the sandbox answers localhost, ` +
      'IP addresses and the names in its allowedHosts option (a guard against DNS rebinding)',
  );
  // The body is not read: close the connection rather than reuse it.
  res.writeHead(reply.status, { ...reply.headers, connection: 'close' }).end(reply.body);
  req.resume();
}

/** The host as written in a URL; an unspecified address is reached on loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
