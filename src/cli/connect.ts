/**
 * The client a command talks through: the API (key and base URL from the environment)
 * or, for `omni generate` without a key, an embedded sandbox on loopback.
 */
import { DEFAULT_BASE_URL, LOG_ENV, Omni, ValidationError } from '../index.js';
import type { Sandbox } from '../sandbox/index.js';
import type { Context } from './command.js';
import { apiKeyOf } from './io.js';
import { UsageError } from './usage-error.js';

/** A client, and the embedded sandbox behind it when there is one. */
export interface Connection {
  omni: Omni;
  /** The embedded sandbox, when the command runs on one. */
  embedded: Sandbox | undefined;
  /** Stops the embedded sandbox, if any. */
  close(): Promise<void>;
}

/**
 * How fast the embedded sandbox plays a task: 0.5 turns its default 1 s queue and 5 s
 * run into about 3 s, long enough to show progress, short enough for a demo.
 */
export const EMBEDDED_TIME_SCALE = 0.5;
/** Polls of the embedded sandbox: a fixed, short interval shows every step of progress. */
export const EMBEDDED_POLL_INTERVAL_MS = 500;
// Any non-empty key opens the sandbox; this one is not a secret.
const EMBEDDED_KEY = 'sk_embedded_sandbox';

const NO_KEY_MESSAGE =
  'JIMMYAI_API_KEY is not set. Set it to your JimmyAI key (export JIMMYAI_API_KEY=sk_...); ' +
  'it is read from the environment only, never from a flag, so it stays out of the process list. ' +
  "To try things out without a key, run 'omni sandbox' and point JIMMYAI_BASE_URL at it, " +
  "or run 'omni generate', which uses an embedded sandbox when there is no key.";

/**
 * A client for the API from `JIMMYAI_API_KEY` and `JIMMYAI_BASE_URL`.
 *
 * @throws {UsageError} when the key is missing or the base URL is not acceptable
 */
export async function connect(ctx: Context, { embeddedIfNoKey = false } = {}): Promise<Connection> {
  const key = apiKeyOf(ctx.io.env);
  if (key) {
    const omni = client(ctx, key, ctx.io.env.JIMMYAI_BASE_URL?.trim() || DEFAULT_BASE_URL);
    ctx.state.baseUrl = omni.baseUrl;
    return { omni, embedded: undefined, close: async () => {} };
  }
  if (!embeddedIfNoKey) throw new UsageError(NO_KEY_MESSAGE);

  // Loaded only here: the sandbox (Ajv and the spec) would slow every other command's start.
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox({
    timeScale: EMBEDDED_TIME_SCALE,
    // Every demo alike: 0.5 s queued, 2.5 s running.
    jitter: 0,
    // The sandbox plays tasks on the CLI's clock, so a test's virtual clock drives both.
    now: () => ctx.clock.now(),
  });
  ctx.state.embedded = true;
  ctx.state.baseUrl = sandbox.url;
  ctx.out.notice(
    'Note: JIMMYAI_API_KEY is not set, so this runs on an embedded sandbox of the API ' +
      `(${sandbox.url}): nothing is sent to JimmyAI, nothing is billed, and the video is a sample clip.` +
      (ctx.io.env.JIMMYAI_BASE_URL ? ' JIMMYAI_BASE_URL is ignored without a key.' : '') +
      ' Set JIMMYAI_API_KEY to generate for real.',
  );
  return {
    omni: client(ctx, EMBEDDED_KEY, sandbox.url),
    embedded: sandbox,
    close: () => sandbox.close(),
  };
}

/**
 * A client that only validates (`omni.videos.prepare`): no key, no network, so that
 * input is checked before a key is asked for or a sandbox started.
 */
export function offlineClient(): Omni {
  return new Omni({ apiKey: '', baseUrl: DEFAULT_BASE_URL, logLevel: 'off' });
}

function client(ctx: Context, apiKey: string, baseUrl: string): Omni {
  try {
    // Both given explicitly: the SDK would otherwise fall back to process.env.
    return new Omni({ apiKey, baseUrl, clock: ctx.clock, ...ctx.log });
  } catch (error) {
    if (error instanceof ValidationError)
      throw new UsageError(
        error.issues.map((i) => ({
          where:
            i.path === 'baseUrl' ? 'JIMMYAI_BASE_URL' : i.path === 'logLevel' ? LOG_ENV : i.path,
          message: i.message,
        })),
      );
    throw error;
  }
}
