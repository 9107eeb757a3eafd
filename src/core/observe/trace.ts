/**
 * The SDK's tracing channels: Node's `diagnostics_channel.tracingChannel`, the standard
 * hook that OpenTelemetry instrumentations and APM agents subscribe to. One channel per
 * operation, named `jimmyai-omni:<operation>`; each call publishes `start`, `end`,
 * `asyncStart`, `asyncEnd` and, when it fails, `error`, all with one context object
 * ({@link TraceContext}) that the SDK fills in as the call goes.
 *
 * Free when nobody listens: the channel's `hasSubscribers` is read before any context is
 * built (bench/overhead.ts measures it). The channels come through the platform seam, so
 * the browser build imports no `node:diagnostics_channel`.
 */
import { traceChannelOf } from '../../platform/node.js';
import type { TraceChannel } from '../../platform/trace-channel.js';

/**
 * What is traced: `create` (the billed POST), `retrieve` (one look at a task), `poll`
 * (each look at a task while `wait`, `generate`, `watch` or `waitMany` wait for it),
 * `download` (saving a video, link refreshes and all) and `upload` (`files.upload`).
 *
 * @example
 * const op: TracedOperation = 'poll';
 */
export type TracedOperation = 'create' | 'retrieve' | 'poll' | 'download' | 'upload';

/**
 * The channel name of each operation, for `diagnostics_channel.tracingChannel(name)`.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * tracingChannel(TRACE_CHANNELS.create).subscribe({ asyncEnd: (ctx) => console.log(ctx.taskId, ctx.requestId) });
 */
export const TRACE_CHANNELS = {
  create: 'jimmyai-omni:create',
  retrieve: 'jimmyai-omni:retrieve',
  poll: 'jimmyai-omni:poll',
  download: 'jimmyai-omni:download',
  upload: 'jimmyai-omni:upload',
} as const satisfies Record<TracedOperation, string>;

/**
 * The context object of one traced call: the same object in every event of the call, so
 * a subscriber can keep its span on it. Fields are filled in as they become known; by
 * `asyncEnd` they describe the last request of the call. Nothing in it carries the key.
 *
 * @example
 * tracingChannel('jimmyai-omni:poll').subscribe({
 *   asyncEnd(ctx: TraceContext) { console.log(ctx.taskId, ctx.taskStatus, ctx.progress, ctx.status, ctx.requestId); },
 * });
 */
export interface TraceContext {
  operation: TracedOperation;
  /** The task concerned: known at `start` except for a create, which learns it from its answer. */
  taskId?: string;
  /** How many HTTP requests the call has sent so far (retries and link refreshes count). */
  attempt: number;
  /** The last request's method. */
  method?: string;
  /** The last request's path (a download: the URL without its query, which may be signed). */
  path?: string;
  /** The last answer's HTTP status. */
  status?: number;
  /** The service's request id from the last answer's headers, for a success too. */
  requestId?: string;
  /** After a `retrieve` or `poll`: the task's status and progress. */
  taskStatus?: string;
  progress?: number;
  /** After a `download`: the bytes saved. */
  bytes?: number;
  /** Set by `tracePromise` when the call resolves. */
  result?: unknown;
  /** Set by `tracePromise` when the call fails: an `OmniError`. */
  error?: unknown;
}

const channels = new Map<TracedOperation, TraceChannel | undefined>();

/**
 * The channel of `operation` when someone listens to it, else `undefined`: one map
 * lookup and a few property reads when nobody does.
 *
 * @example
 * const channel = listenedChannel('create');
 * if (channel) await channel.tracePromise(run, context);
 */
export function listenedChannel(operation: TracedOperation): TraceChannel | undefined {
  let channel = channels.get(operation);
  if (channel === undefined && !channels.has(operation)) {
    // Made once per operation: Node keeps channels by name, so a subscriber that came
    // first or comes later sees the same channel.
    channel = traceChannelOf(TRACE_CHANNELS[operation]);
    channels.set(operation, channel);
  }
  return channel?.hasSubscribers ? channel : undefined;
}
