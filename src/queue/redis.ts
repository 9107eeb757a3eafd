/**
 * The one Redis call this module makes: a Lua script, run atomically. ioredis' `eval`
 * has this shape; any client can be adapted to it in one line.
 */

/**
 * A Redis client that runs Lua scripts: an ioredis `Redis` (or `Cluster`) as is.
 *
 * @example
 * import { Redis } from 'ioredis';
 * const redis: RedisScripts = new Redis({ host: '127.0.0.1', port: 6379 });
 * // node-redis: { eval: (lua, n, ...a) => client.eval(lua, { keys: a.slice(0, n).map(String), arguments: a.slice(n).map(String) }) }
 */
export interface RedisScripts {
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}
