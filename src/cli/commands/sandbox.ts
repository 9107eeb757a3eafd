/** `omni sandbox`: the local sandbox of the API, standalone, until Ctrl-C. */
import { CREATE_FIELDS } from '../../index.js';
// Types only: the sandbox (Ajv, the spec) is loaded on demand, when the command runs.
import type { Sandbox } from '../../sandbox/index.js';
import { defineCommand, type Context } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { type InputIssue, throwIfIssues, UsageError } from '../usage-error.js';

/** The port `omni sandbox` listens on by default: fixed, so that scripts can rely on it. */
export const DEFAULT_SANDBOX_PORT = 8787;
// How often new requests are looked for, to log them.
const LOG_EVERY_MS = 100;
// A request still unanswered after this long (a hang, a reset) is logged anyway.
const UNANSWERED_MS = 2000;

/**
 * `omni sandbox [--port N]`: serves the API's endpoints on loopback until SIGINT
 * or SIGTERM, then closes cleanly (exit 0).
 *
 * @example
 * await main(['sandbox', '--port', '0'], { ...io, signal }); // returns 0 once `signal` fires
 */
export const sandbox = defineCommand({
  name: 'sandbox',
  summary: 'Run a local sandbox of the API (until Ctrl-C)',
  usage: ['omni sandbox [--port N] [--time-scale X] [--no-cors]'],
  description: [
    'Serves a stand-in for the JimmyAI Gemini Omni API on 127.0.0.1: every endpoint (uploads included), the response envelope, ' +
      'the request rules, task progress over about 6 s, and a sample video. Point the SDK or this CLI at it ' +
      'with JIMMYAI_BASE_URL (any non-empty JIMMYAI_API_KEY is accepted). Nothing is sent to JimmyAI. ' +
      'Each request is logged on stderr. Ctrl-C stops it.',
    'Prompt markers choose how a task ends: [fail], [success], [progress:stuck], [pending] and more ' +
      '(see the sandbox in the README).',
  ],
  options: {
    port: {
      type: 'string',
      short: 'p',
      placeholder: 'N',
      description: `The port to listen on: ${DEFAULT_SANDBOX_PORT} (default), or 0 for a free one`,
    },
    'time-scale': {
      type: 'string',
      placeholder: 'X',
      description:
        'Speed of tasks: 1 (default, about 6 s each), 0.1 for ten times faster, 0 for instant',
    },
    'no-cors': {
      type: 'boolean',
      description:
        'Send no CORS headers, as a server without CORS (by default a web page on any origin may call it)',
    },
  },
  maxPositionals: 0,
  sendsNothing: true,
  examples: [
    { command: 'omni sandbox' },
    {
      command: 'export JIMMYAI_BASE_URL=http://127.0.0.1:8787 JIMMYAI_API_KEY=sk_sandbox',
      comment: 'then, in another terminal',
    },
    { command: 'omni generate --prompt "a fox" --out fox.mp4' },
    { command: 'omni sandbox --port 0 --time-scale 0.1', comment: 'a free port, tasks of 0.6 s' },
  ],
  async run(ctx, { values, issues }) {
    const port = numberFlag(values.port, '--port', issues, DEFAULT_SANDBOX_PORT, (n) =>
      Number.isInteger(n) && n >= 0 && n <= 65535 ? undefined : 'must be a port number, 0 to 65535',
    );
    const timeScale = numberFlag(values['time-scale'], '--time-scale', issues, 1, (n) =>
      n >= 0 ? undefined : 'must be a number >= 0',
    );
    throwIfIssues(issues);
    if (ctx.signal.aborted) return ExitCode.Success;

    // Loaded only here, as in connect.ts: other commands start faster without it.
    const sandboxModule = await import('../../sandbox/index.js');
    const { startSandbox } = sandboxModule;
    const server = await startSandbox({ port, timeScale, cors: !values['no-cors'] }).catch(
      (error: unknown) => {
        if ((error as { code?: string }).code === 'EADDRINUSE')
          throw new UsageError([
            {
              where: '--port',
              message: `port ${port} is in use; pick another, or --port 0 for a free one`,
            },
          ]);
        throw error;
      },
    );
    announce(ctx, server, sandboxModule);
    const stopLog = logRequests(ctx, server);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    stopLog();
    await server.close();
    ctx.out.info('\nSandbox stopped.');
    return ExitCode.Success;
  },
});

function numberFlag(
  value: string | undefined,
  where: string,
  issues: InputIssue[],
  fallback: number,
  check: (n: number) => string | undefined,
): number {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? NaN : Number(value);
  const problem = Number.isFinite(n) ? check(n) : 'must be a number';
  if (problem) issues.push({ where, message: `${problem}; got ${JSON.stringify(value)}` });
  return problem ? fallback : n;
}

/** The sandbox's routes, from the module loaded on demand. */
type Routes = Pick<
  typeof import('../../sandbox/index.js'),
  'CREATE_PATH' | 'TASK_PATH_PREFIX' | 'UPLOAD_PATH'
>;

function announce(
  ctx: Context,
  server: Sandbox,
  { CREATE_PATH, TASK_PATH_PREFIX, UPLOAD_PATH }: Routes,
): void {
  ctx.out.data(server.url);
  ctx.out.event('listening', { url: server.url, port: server.port });
  ctx.out.info(
    [
      `Sandbox of the JimmyAI Gemini Omni API listening on ${server.url}`,
      'Nothing here reaches JimmyAI; any non-empty key is accepted.',
      '',
      'Use it from the CLI or the SDK:',
      `  export JIMMYAI_BASE_URL=${server.url} JIMMYAI_API_KEY=sk_sandbox`,
      '  omni generate --prompt "a red fox in fresh snow" --out fox.mp4',
      '',
      'Or with curl:',
      `  curl -sS ${server.url}${CREATE_PATH} \\`,
      `    -H 'authorization: Bearer sk_sandbox' -H 'content-type: application/json' \\`,
      `    -d '${JSON.stringify({ model: CREATE_FIELDS.model?.cli?.default, prompt: 'a red fox in fresh snow' })}'`,
      `  curl -sS -H 'authorization: Bearer sk_sandbox' ${server.url}${TASK_PATH_PREFIX}<task_id>`,
      `  curl -sS -H 'authorization: Bearer sk_sandbox' -F file=@cat.png ${server.url}${UPLOAD_PATH}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** Logs each request once answered (a line for people; a `request` event with --json). */
function logRequests(ctx: Context, server: Sandbox): () => void {
  // By `seq`, not index: the sandbox drops its oldest records beyond maxRecordedRequests.
  let next = 0;
  const flush = () => {
    for (const r of server.requests) {
      if (r.seq < next) continue;
      if (r.status === null && server.now() - r.time < UNANSWERED_MS) break;
      next = r.seq + 1;
      const outcome = r.status === null ? 'no answer' : String(r.status);
      const extra = [r.taskId && `created ${r.taskId}`, r.fault && `fault: ${r.fault}`].filter(
        Boolean,
      );
      ctx.out.info(
        `${r.method} ${r.path} → ${outcome}${extra.length ? ` (${extra.join(', ')})` : ''}`,
      );
      ctx.out.event('request', {
        method: r.method,
        path: r.path,
        status: r.status,
        task_id: r.taskId,
        fault: r.fault,
      });
    }
  };
  const timer = setInterval(flush, LOG_EVERY_MS);
  return () => {
    clearInterval(timer);
    flush();
  };
}
