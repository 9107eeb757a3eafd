/**
 * What the queue demands of Redis, checked when a worker starts.
 *
 * The at-most-once create is only as durable as the claim written before it: a Redis
 * that forgets a claim (evicts it, or comes back from a crash without it) lets the next
 * attempt create again and bill a second video. So the module demands:
 *
 * - `maxmemory-policy noeviction`: under an evicting policy, claims and BullMQ's own
 *   keys disappear when memory runs short.
 * - AOF persistence, `appendonly yes` with `appendfsync always` (nothing lost) or
 *   `everysec` (at most about one second of writes lost on a crash of the host). RDB
 *   snapshots alone restore an older state: every claim made since the snapshot is
 *   lost, and those jobs run again from the start. (An empty Redis that comes back is
 *   the extreme case: with the rule enforced, a crash does not empty it.)
 * - On Redis 7.2 and later, `WAITAOF` after each claim: the create is sent only once the
 *   claim is on disk. Redis 7.0 has no `WAITAOF`; with `everysec` a host crash within
 *   about a second of a claim can still lose it.
 *
 * A worker on a Redis that breaks a rule refuses to start ({@link UnsafeRedisError}),
 * unless the operator accepts that risk by name (`unsafeRedis: { accept: [...] }`).
 */
import type { RedisScripts } from './redis.js';

/**
 * A risk an operator may accept with `unsafeRedis: { accept: [...] }`.
 *
 * - `eviction`: `maxmemory-policy` is not `noeviction`.
 * - `no-persistence`: no AOF, or AOF without fsync (`appendfsync no`): RDB snapshots alone, or nothing.
 * - `config-unreadable`: `CONFIG GET` is refused (managed Redis): the rules cannot be checked.
 *
 * @example
 * const accept: RedisRisk[] = ['config-unreadable']; // checked with the provider instead
 */
export type RedisRisk = 'eviction' | 'no-persistence' | 'config-unreadable';

/**
 * The risks a worker runs anyway, said by name.
 *
 * @example
 * videoProcessor({ redis, rate, unsafeRedis: { accept: ['no-persistence'] } }); // a throwaway Redis for a demo
 */
export interface UnsafeRedisOptions {
  accept: readonly RedisRisk[];
}

/**
 * The Redis underneath breaks a rule of the queue: `setting` names it, `fix` says how to
 * meet it, `risk` is the name under which it can be accepted instead (none for a Cluster
 * prefix without a hash tag: BullMQ itself fails there).
 *
 * @example
 * try { await startVideoWorker('videos', options); } catch (error) { if (error instanceof UnsafeRedisError) console.error(error.setting, error.fix); }
 */
export class UnsafeRedisError extends Error {
  static {
    this.prototype.name = 'UnsafeRedisError';
  }
  constructor(
    readonly risk: RedisRisk | 'cluster-prefix',
    readonly setting: string,
    readonly fix: string,
    message: string,
  ) {
    super(`${message} Fix: ${fix}`);
  }
}

/**
 * What {@link checkRedis} found.
 *
 * @example
 * const { waitAof, accepted } = await checkRedis(redis);
 */
export interface RedisCheck {
  /** `redis_version`, when INFO could be read. */
  version?: string;
  /** Claims are confirmed on disk with `WAITAOF` before a create is sent (Redis 7.2+ with AOF). */
  waitAof: boolean;
  /** The risks found and accepted by the options. */
  accepted: RedisRisk[];
}

const fields = (answer: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (Array.isArray(answer))
    for (let i = 0; i + 1 < answer.length; i += 2) out[String(answer[i])] = String(answer[i + 1]);
  return out;
};

/**
 * A BullMQ prefix with a non-empty hash tag (`{videos}`, `app:{videos}`).
 *
 * @example
 * hasHashTag('{videos}'); // true
 */
export const hasHashTag = (prefix: string): boolean => /\{[^}]+\}/.test(prefix);

/**
 * Checks the rules above on `redis`; rejects with {@link UnsafeRedisError} on the first
 * broken rule that `unsafeRedis` does not accept. `prefix` is BullMQ's (default `bull`):
 * on Redis Cluster it needs a hash tag, or BullMQ's scripts fail with CROSSSLOT.
 *
 * @example
 * await checkRedis(new Redis(process.env.REDIS_URL!), { prefix: '{videos}' });
 */
export async function checkRedis(
  redis: RedisScripts,
  options: { prefix?: string; unsafeRedis?: UnsafeRedisOptions } = {},
): Promise<RedisCheck> {
  const accept = new Set(options.unsafeRedis?.accept ?? []);
  const accepted: RedisRisk[] = [];
  const breach = (risk: RedisRisk, setting: string, fix: string, message: string) => {
    if (!accept.has(risk))
      throw new UnsafeRedisError(
        risk,
        setting,
        fix,
        `${message} (To run anyway, accepting the risk: unsafeRedis: { accept: ['${risk}'] }.)`,
      );
    accepted.push(risk);
  };
  const prefix = options.prefix ?? 'bull';

  let info = '';
  try {
    info =
      String((await redis.call?.('INFO', 'server')) ?? '') +
      String((await redis.call?.('INFO', 'cluster')) ?? '');
  } catch {
    // INFO refused too: the version stays unknown, WAITAOF unused.
  }
  const version = /redis_version:([\d.]+)/.exec(info)?.[1];
  if ((redis.isCluster === true || /cluster_enabled:1/.test(info)) && !hasHashTag(prefix))
    throw new UnsafeRedisError(
      'cluster-prefix',
      'prefix',
      `give BullMQ a prefix with a hash tag, e.g. { prefix: '{videos}' } on the Queue and the Worker`,
      `Redis Cluster: BullMQ's prefix ${JSON.stringify(prefix)} has no hash tag, so a queue's keys (and the create records, which follow the prefix) spread over slots and its scripts fail with CROSSSLOT.`,
    );

  let config: Record<string, string>;
  try {
    if (!redis.call) throw new Error('the client has no call()');
    config = {
      ...fields(await redis.call('CONFIG', 'GET', 'maxmemory-policy')),
      ...fields(await redis.call('CONFIG', 'GET', 'appendonly')),
      ...fields(await redis.call('CONFIG', 'GET', 'appendfsync')),
    };
    if (!config['maxmemory-policy'] || !config.appendonly) throw new Error('empty answer');
  } catch (error) {
    breach(
      'config-unreadable',
      'CONFIG',
      'allow CONFIG GET for this user, or check with your provider that maxmemory-policy is noeviction and AOF is on (appendfsync everysec or always), then accept this risk',
      `CONFIG GET is not readable (${error instanceof Error ? error.message : String(error)}): the worker cannot check that Redis keeps its claims.`,
    );
    return { version, waitAof: false, accepted };
  }
  if (config['maxmemory-policy'] !== 'noeviction')
    breach(
      'eviction',
      'maxmemory-policy',
      'CONFIG SET maxmemory-policy noeviction (and in redis.conf)',
      `maxmemory-policy is ${config['maxmemory-policy']}: Redis may evict create claims and jobs when memory runs short, and an evicted claim lets a create be sent again.`,
    );
  const aof = config.appendonly === 'yes';
  if (!aof)
    breach(
      'no-persistence',
      'appendonly',
      'CONFIG SET appendonly yes, with appendfsync everysec or always (and in redis.conf)',
      'appendonly is no: after a crash, Redis comes back empty or from an older RDB snapshot, without the claims made since, and their creates are sent again.',
    );
  else if (config.appendfsync !== 'always' && config.appendfsync !== 'everysec')
    breach(
      'no-persistence',
      'appendfsync',
      'CONFIG SET appendfsync everysec (at most about 1 s lost on a crash) or always (and in redis.conf)',
      `appendfsync is ${config.appendfsync}: the OS decides when claims reach the disk, so a crash can lose many seconds of them.`,
    );
  const [major = 0, minor = 0] = (version ?? '0.0').split('.').map(Number);
  return { version, waitAof: aof && (major > 7 || (major === 7 && minor >= 2)), accepted };
}
