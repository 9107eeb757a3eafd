/**
 * One request rate shared by every worker: a sliding-window log in Redis (a sorted set
 * of turns, on Redis's clock), consulted before each request. BullMQ's own limiter
 * counts jobs started, not requests; a video job sends one create and then polls for
 * minutes, so the budget must be spent per request, across all processes.
 *
 * The window must bound ARRIVALS at the API, not grants: a turn granted at t may be
 * sent much later (a worker process starting cold, a stalled event loop), and a window
 * that counts it only from t lets it arrive together with the next window's turns (at
 * start-up, 175 to 200 arrivals in one second against a limit of 100). So a turn counts
 * as in flight (scored `grant + leaseMs`) until its request has been answered, then as
 * answered at that moment (`done()`). Every request arrives between its grant and the
 * moment `done()` reaches Redis, so any window of `1 s + marginMs` sees at most
 * `requestsPerSecond` arrivals: at the grant of the last of them, all the others were
 * either in flight or answered within the window, and it would not have been granted.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../index.js';
import type { RedisScripts } from './redis.js';

// Grants a turn when fewer than `limit` turns are in flight or were answered within the
// last `window` ms (Redis TIME, so every worker reads one clock); otherwise answers how
// long to wait: until the oldest answered turn leaves the window, or, when every turn is
// still in flight, a short while (answers come within milliseconds, leases end much later).
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease + window * 2)
  return {1, now}
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
if oldest > now then return {0, 20} end
return {0, math.max(1, oldest + window - now + 1)}`;

// The turn's request was answered (or failed): it counts from now, for one window.
const DONE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])`;

/**
 * Options of {@link sharedRateLimiter}.
 *
 * @example
 * sharedRateLimiter(redis, { requestsPerSecond: 10, key: 'omni:rate:prod' });
 */
export interface SharedRateOptions {
  /** The most requests per second, across every process sharing `key`. */
  requestsPerSecond: number;
  /**
   * Added to the one-second window (ms): room for the API's own measure of arrival
   * (its clock, its queueing) to differ from the moments this limiter sees.
   * @default 100
   */
  marginMs?: number;
  /**
   * How long a turn counts as in flight at most (ms), when its `done()` never comes (its
   * worker died): longer than any request takes to arrive.
   * @default 10000
   */
  leaseMs?: number;
  /** The Redis key every sharer uses. @default 'jimmyai-omni:rate' */
  key?: string;
}

/**
 * One granted turn: send the request, then call `done()` once it is answered or failed.
 *
 * @example
 * const turn = await limiter.acquire();
 * try { await fetch(url); } finally { void turn.done(); }
 */
export interface RateTurn {
  /** When it was granted (ms, Redis's clock). */
  time: number;
  /** The request was answered or failed: the turn counts from now. Never rejects. */
  done(): Promise<void>;
}

/**
 * A request budget shared through Redis.
 *
 * @example
 * const limiter = sharedRateLimiter(redis, { requestsPerSecond: 10 });
 * const turn = await limiter.acquire(); // then send one request, at once
 */
export interface SharedRateLimiter {
  /** Resolves when one request may be sent now; rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<RateTurn>;
}

/**
 * A fetch that waits for a turn of `limiter` before each GET and HEAD (polls, downloads),
 * and ends the turn when the answer's headers arrive. A redirect that the caller lets
 * fetch follow (a download's) is followed here, one turn per hop: each hop is a request
 * that arrives somewhere. Creates (POST) pass straight through: a video job takes its
 * turn before claiming its create, so that the wait never happens after the claim, nor
 * within the create's timeout.
 *
 * @example
 * const omni = new Omni({ fetch: limitedFetch(limiter, fetch) }); // every poll waits its turn
 */
export function limitedFetch(limiter: SharedRateLimiter, inner: typeof fetch): typeof fetch {
  const once = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const turn = await limiter.acquire(signal ?? undefined);
    try {
      return await inner(input, init);
    } finally {
      void turn.done();
    }
  };
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return inner(input, init);
    if (request || (init?.redirect ?? 'follow') !== 'follow') return once(input, init);
    let url = input instanceof URL ? input.href : String(input);
    for (let hop = 0; ; hop++) {
      const response = await once(url, { ...init, redirect: 'manual' });
      const location = response.headers.get('location');
      // fetch's own limit (20 hops); then the last 3xx is the answer, as a caller of
      // `redirect: 'manual'` would see it (the download reports it as not a video).
      if (!REDIRECTS.has(response.status) || location === null || hop >= 20) return response;
      await response.body?.cancel();
      url = new URL(location, url).href;
    }
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A limiter that keeps every process sharing `key` under `requestsPerSecond`, counted
 * where the requests arrive (see the module's comment).
 *
 * @example
 * const limiter = sharedRateLimiter(new Redis(), { requestsPerSecond: 10 });
 */
export function sharedRateLimiter(
  redis: RedisScripts,
  options: SharedRateOptions,
): SharedRateLimiter {
  const {
    requestsPerSecond,
    marginMs = 100,
    leaseMs = 10_000,
    key = 'jimmyai-omni:rate',
  } = options;
  if (!(Number.isInteger(requestsPerSecond) && requestsPerSecond >= 1))
    throw new RangeError('sharedRateLimiter: requestsPerSecond must be an integer >= 1');
  if (!(Number.isFinite(marginMs) && marginMs >= 0))
    throw new RangeError('sharedRateLimiter: marginMs must be a finite number >= 0');
  if (!(Number.isFinite(leaseMs) && leaseMs >= 0))
    throw new RangeError('sharedRateLimiter: leaseMs must be a finite number >= 0');
  const windowMs = 1000 + marginMs;

  return {
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const member = randomUUID();
        const [granted, value] = (await redis.eval(
          ACQUIRE,
          1,
          key,
          requestsPerSecond,
          windowMs,
          member,
          leaseMs,
        )) as [number, number];
        if (granted === 1)
          return {
            time: Number(value),
            // Best effort: if Redis fails now, the lease ends the turn.
            done: () =>
              redis.eval(DONE, 1, key, member).then(
                () => undefined,
                () => undefined,
              ),
          };
        await systemClock.sleep(Number(value), signal);
      }
    },
  };
}
