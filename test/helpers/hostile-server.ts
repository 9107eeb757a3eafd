/**
 * The tests' loopback server, independent of the sandbox: each test hands it a handler
 * that plays one real-world behaviour (a gateway that redirects, a proxy that sends the
 * wrong content type, a server that hangs or echoes headers), or a script of answers
 * (`scriptedServer`). A real `node:http` server on loopback, so fetch (undici) reacts
 * exactly as it does in production.
 *
 * It records every request with its body and time, and can say how many requests arrived
 * in any window: the figure the "the request rate stays bounded" promise is checked on.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `Date.now()` when the request's body had fully arrived. */
  at: number;
  /** 0 for the first request the server received. */
  index: number;
}

/**
 * Answers one request. `req.body` is already read; the handler may answer, hang (never
 * answer), or destroy `res.socket`.
 */
export type HostileHandler = (
  req: SeenRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface HostileServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  requests: SeenRequest[];
  /** Requests whose method and path match, e.g. `count('POST', '/api/open-api/v1/gemini/omni/videos')`. */
  count(method: string, pathPrefix?: string): number;
  /** The largest number of requests that arrived within any `windowMs` span. */
  peakRate(windowMs: number): number;
  /** Connections currently open (a body left unread keeps one open). */
  openSockets(): number;
  /** Closes the server and destroys every connection, hung ones included. */
  close(): Promise<void>;
}

/**
 * Starts a hostile server on 127.0.0.1 with a random port.
 *
 * @example
 * const server = await hostileServer((req, res) => {
 *   res.writeHead(307, { location: req.url }).end(); // a redirect loop
 * });
 */
export async function hostileServer(handler: HostileHandler): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const seen: SeenRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        index: requests.length,
      };
      requests.push(seen);
      Promise.resolve(handler(seen, res, raw)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`hostile handler threw: ${String(error)}`);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (method, pathPrefix = '') =>
      requests.filter((r) => r.method === method && r.url.startsWith(pathPrefix)).length,
    peakRate: (windowMs) => {
      let peak = 0;
      let start = 0;
      for (let end = 0; end < requests.length; end++) {
        while (requests[end]!.at - requests[start]!.at >= windowMs) start++;
        peak = Math.max(peak, end - start + 1);
      }
      return peak;
    },
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON envelope with the given HTTP status and headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): void {
  res.writeHead(status, headers).end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** One answer of a {@link scriptedServer}. */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as-is (as `text/html`); anything else as JSON. */
  body: unknown;
}

/**
 * A server that answers each request with the next scripted answer (a 500 once they run
 * out): for response shapes the sandbox has no fault for (a numeric code, an HTML 502,
 * success without data).
 *
 * @example
 * const server = await scriptedServer([{ status: 502, body: '<html>Bad Gateway</html>' }]);
 */
export function scriptedServer(answers: ScriptedAnswer[]): Promise<HostileServer> {
  return hostileServer((_req, res) => {
    const answer = answers.shift() ?? { status: 500, body: 'no more scripted answers' };
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const type = typeof answer.body === 'string' ? 'text/html' : 'application/json';
    res.writeHead(answer.status ?? 200, { 'content-type': type, ...answer.headers }).end(text);
  });
}

/** A loopback port where nothing listens (bound, then released): connections are refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
