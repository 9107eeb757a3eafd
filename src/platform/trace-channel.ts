/**
 * The tracing channels of src/core/observe/trace.ts, as the platform seam provides them
 * (src/platform/types.ts): Node's `diagnostics_channel` on servers, none in a browser.
 * Free of Node's types, so the public declarations that reach it need no @types/node.
 */

/**
 * A `diagnostics_channel` tracing channel, reduced to what the SDK uses: whether anyone
 * listens (any of its start, end, asyncStart, asyncEnd and error channels), and
 * `tracePromise`, which publishes those events around an async call.
 *
 * @example
 * const channel = traceChannelOf('jimmyai-omni:create');
 * if (channel?.hasSubscribers) await channel.tracePromise(() => send(), { operation: 'create' });
 */
export interface TraceChannel {
  readonly hasSubscribers: boolean;
  tracePromise<T>(fn: () => Promise<T>, context: object): Promise<T>;
}

/**
 * The tracing channel of a name, or `undefined` where the runtime has none (a browser,
 * a runtime without `tracingChannel`).
 *
 * @example
 * const channel = traceChannelOf('jimmyai-omni:retrieve');
 */
export type TraceChannelOf = (name: string) => TraceChannel | undefined;
