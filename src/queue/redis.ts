/**
 * The Redis calls this module makes: Lua scripts, run atomically, and a few plain
 * commands (`CONFIG GET`, `INFO`, `WAITAOF`) to check what the Redis underneath
 * promises. ioredis' `eval` and `call` have these shapes; any client can be adapted.
 */

/**
 * A Redis client that runs Lua scripts and plain commands: an ioredis `Redis` (or
 * `Cluster`) as is.
 *
 * @example
 * import { Redis } from 'ioredis';
 * const redis: RedisScripts = new Redis({ host: '127.0.0.1', port: 6379 });
 * // node-redis: { eval: (lua, n, ...a) => client.eval(lua, { keys: a.slice(0, n).map(String), arguments: a.slice(n).map(String) }), call: (...a) => client.sendCommand(a.map(String)) }
 */
export interface RedisScripts {
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /**
   * Sends one command. Without it, the worker cannot read Redis's configuration: it
   * then starts only when `unsafeRedis.accept` holds `'config-unreadable'`.
   */
  call?(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** `true` on an ioredis `Cluster`. */
  isCluster?: boolean;
}
