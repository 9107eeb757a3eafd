/**
 * The create record: what one job knows about its billed create, kept in Redis so that
 * every worker, and every retry of the job, sees the same thing.
 *
 * The API has no idempotency key and no way to list tasks, so a create whose answer
 * was lost cannot be found again: the only safe rule is to write down, atomically and
 * before sending, that a create is about to go out, and to write the task id as soon as
 * the answer names it. A later attempt that finds the first note without the second
 * must not send again.
 */
import type { RedisScripts } from './redis.js';

/**
 * Where a job's create stands.
 *
 * - `creating`: an attempt claimed the create and may have sent it; no answer recorded.
 * - `created`: the task exists; `taskId` names it.
 * - `uncertain`: a task may or may not exist (`taskId` when the answer named one); a
 *   person decides, then calls {@link resolveUncertain}.
 */
export type CreateState = 'creating' | 'created' | 'uncertain';

/**
 * A job's create record, as {@link readCreateRecord} returns it.
 *
 * @example
 * const record = await readCreateRecord(redis, job);
 * if (record?.state === 'uncertain') console.log(record.reason, record.taskId ?? 'no task id known');
 */
export interface CreateRecord {
  state: CreateState;
  /** The attempt that claimed the create (random, one per attempt). */
  attempt: string;
  /** Who claimed it: `hostname:pid`. */
  worker: string;
  /** When it was claimed (ms since the epoch). */
  claimedAt: number;
  /** The task, once known. */
  taskId?: string;
  /** Why it is uncertain, in a sentence. */
  reason?: string;
  /** The task ended as failed (a retry of the job would fail the same way). */
  taskFailed?: boolean;
}

/** The default prefix of create records' keys. */
export const RECORD_PREFIX = 'jimmyai-omni:create';

/**
 * The key of a job's record: BullMQ's prefix and queue name (`queueQualifiedName`, so two
 * tenants or environments with one queue name on one Redis never share a record), the
 * job's id and its creation time (ids can be reused). The record prefix has no braces, so
 * a hash tag in BullMQ's prefix (`{videos}`) is the key's first one: on Redis Cluster the
 * records live in the queue's slot.
 */
export function recordKey(
  prefix: string,
  job: { queueQualifiedName: string; id?: string | undefined; timestamp: number },
): string {
  if (job.id === undefined) throw new TypeError('jimmyai-omni/queue: the job has no id');
  if (/[{}]/.test(prefix))
    throw new TypeError(
      `jimmyai-omni/queue: recordPrefix must not contain braces (got ${JSON.stringify(prefix)}): the hash tag belongs in BullMQ's prefix`,
    );
  return `${prefix}:${job.queueQualifiedName}:${job.id}:${job.timestamp}`;
}

// Claim: create the record if there is none; else return the existing one, unchanged.
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
redis.call('HSET', KEYS[1], 'state', 'creating', 'attempt', ARGV[1], 'worker', ARGV[2], 'claimedAt', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {}`;

// The answer of the attempt that claimed: the task id. The claimant's answer settles the
// question even when another attempt marked the record uncertain meanwhile (its job had
// stalled, e.g. during a Redis stall): exactly one create went out, and this is its task,
// so the record becomes 'created' and a retry of the job resumes that task.
const ANSWERED = `
if redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'created', 'taskId', ARGV[2])
redis.call('HDEL', KEYS[1], 'reason')
return 1`;

// The task itself failed: resuming it cannot help (see jobReport).
const TASK_FAILED = `
if redis.call('HGET', KEYS[1], 'taskId') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'taskFailed', '1')
return 1`;

// Uncertain: a 'creating' (or already uncertain) record becomes uncertain, with what is known.
const UNCERTAIN = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'creating' and state ~= 'uncertain' then return redis.call('HGETALL', KEYS[1]) end
redis.call('HSET', KEYS[1], 'state', 'uncertain', 'reason', ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'taskId', ARGV[2]) end
return redis.call('HGETALL', KEYS[1])`;

// Released: the claiming attempt learnt that no task was made; a later attempt may create.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[1], 'state') ~= 'creating' then return 0 end
return redis.call('DEL', KEYS[1])`;

// A person's decision on an uncertain record.
// ('creating' too: a job that failed without another attempt looking, e.g. stalled twice.)
const RESOLVE = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'uncertain' and state ~= 'creating' then return 0 end
if ARGV[1] == '' then return redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[1], 'state', 'created', 'taskId', ARGV[1])
redis.call('HDEL', KEYS[1], 'reason')
return 1`;

function parse(flat: unknown): CreateRecord | undefined {
  if (!Array.isArray(flat) || flat.length === 0) return undefined;
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
  const record: CreateRecord = {
    state: fields.state as CreateState,
    attempt: fields.attempt ?? '',
    worker: fields.worker ?? '',
    claimedAt: Number(fields.claimedAt),
  };
  if (fields.taskId) record.taskId = fields.taskId;
  if (fields.reason) record.reason = fields.reason;
  if (fields.taskFailed === '1') record.taskFailed = true;
  return record;
}

/** The record store of one prefix, over one Redis client. */
export class CreateRecords {
  constructor(
    private readonly redis: RedisScripts,
    private readonly ttlMs: number,
  ) {}

  /** Claims the create for `attempt`: `undefined` when claimed, else the record found. */
  async claim(key: string, attempt: string, worker: string): Promise<CreateRecord | undefined> {
    return parse(await this.redis.eval(CLAIM, 1, key, attempt, worker, Date.now(), this.ttlMs));
  }

  /**
   * Redis 7.2+: waits until the claim is in the AOF on disk (`WAITAOF 1 0`), so that a
   * crash of Redis after the create is sent cannot forget the claim. `false` when it is
   * not confirmed in time: the caller releases the claim and sends nothing.
   */
  async onDisk(timeoutMs = 5_000): Promise<boolean> {
    const answer = await this.redis.call?.('WAITAOF', 1, 0, timeoutMs);
    return Array.isArray(answer) && Number(answer[0]) >= 1;
  }

  async answered(key: string, attempt: string, taskId: string): Promise<boolean> {
    return (await this.redis.eval(ANSWERED, 1, key, attempt, taskId)) === 1;
  }

  async taskFailed(key: string, taskId: string): Promise<void> {
    await this.redis.eval(TASK_FAILED, 1, key, taskId);
  }

  async uncertain(key: string, reason: string, taskId?: string): Promise<CreateRecord | undefined> {
    return parse(await this.redis.eval(UNCERTAIN, 1, key, reason, taskId ?? ''));
  }

  async release(key: string, attempt: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, key, attempt);
  }

  async read(key: string): Promise<CreateRecord | undefined> {
    return parse(await this.redis.eval(`return redis.call('HGETALL', KEYS[1])`, 1, key));
  }

  async resolve(key: string, taskId: string | undefined): Promise<boolean> {
    return (await this.redis.eval(RESOLVE, 1, key, taskId ?? '')) === 1;
  }
}
