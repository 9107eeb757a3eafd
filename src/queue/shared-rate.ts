/**
 * One request rate shared by every worker: a sliding-window log in Redis (a sorted set
 * of the grant times, on Redis's clock), consulted before each request. BullMQ's own
 * limiter counts jobs started, not requests; a video job sends one create and then
 * polls for minutes, so the budget must be spent per request, across all processes.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../index.js';
import type { RedisScripts } from './redis.js';

// Grants a request when fewer than `limit` were granted within the last `window` ms
// (Redis TIME, so every worker reads one clock); otherwise answers how long to wait.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return {1, now}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) + window - now + 1)}`;

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
   * Added to the one-second window (ms): the time between a grant and the request's
   * arrival varies (event loops, the network), so a window a little longer than a
   * second keeps the API from seeing more than `requestsPerSecond` in any second.
   * @default 100
   */
  marginMs?: number;
  /** The Redis key every sharer uses. @default 'jimmyai-omni:rate' */
  key?: string;
}

/**
 * A request budget shared through Redis.
 *
 * @example
 * const limiter = sharedRateLimiter(redis, { requestsPerSecond: 10 });
 * await limiter.acquire(); // then send one request, at once
 */
export interface SharedRateLimiter {
  /**
   * Resolves when one request may be sent now, with the time of the grant (ms, Redis's
   * clock); rejects with the signal's reason on abort.
   */
  acquire(signal?: AbortSignal): Promise<number>;
}

/**
 * A fetch that waits for a turn of `limiter` before each GET and HEAD (polls, downloads).
 * Creates (POST) pass straight through: a video job takes its turn before claiming its
 * create, so that the wait never happens after the claim, nor within the create's timeout.
 *
 * @example
 * const omni = new Omni({ fetch: limitedFetch(limiter, fetch) }); // every poll waits its turn
 */
export function limitedFetch(limiter: SharedRateLimiter, inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const signal = init?.signal ?? request?.signal ?? undefined;
    if (method === 'GET' || method === 'HEAD') await limiter.acquire(signal);
    return inner(input, init);
  };
}

/**
 * A limiter that keeps every process sharing `key` under `requestsPerSecond`.
 *
 * @example
 * const limiter = sharedRateLimiter(new Redis(), { requestsPerSecond: 10 });
 */
export function sharedRateLimiter(
  redis: RedisScripts,
  options: SharedRateOptions,
): SharedRateLimiter {
  const { requestsPerSecond, marginMs = 100, key = 'jimmyai-omni:rate' } = options;
  if (!(Number.isInteger(requestsPerSecond) && requestsPerSecond >= 1))
    throw new RangeError('sharedRateLimiter: requestsPerSecond must be an integer >= 1');
  if (!(Number.isFinite(marginMs) && marginMs >= 0))
    throw new RangeError('sharedRateLimiter: marginMs must be a finite number >= 0');
  const windowMs = 1000 + marginMs;

  return {
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const [granted, value] = (await redis.eval(
          ACQUIRE,
          1,
          key,
          requestsPerSecond,
          windowMs,
          randomUUID(),
        )) as [number, number];
        if (granted === 1) return Number(value);
        await systemClock.sleep(Number(value), signal);
      }
    },
  };
}
