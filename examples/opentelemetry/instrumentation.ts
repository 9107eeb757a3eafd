/**
 * jimmyai-omni's tracing channels as OpenTelemetry spans: a small instrumentation to copy
 * into your project (it needs `@opentelemetry/api` only).
 *
 * The SDK publishes Node's standard tracing events (`diagnostics_channel.tracingChannel`)
 * on `jimmyai-omni:create`, `:retrieve`, `:poll`, `:download` and `:upload`. This turns
 * each call into a CLIENT span named `jimmyai-omni <operation>`, with the task id, the
 * service's request id, the HTTP status and method, the path, the attempt count and, for
 * a failure, the error. A call's span is the child of the span active where it was made;
 * calls the SDK makes inside another (the retrieve of a download) are children of it.
 *
 *   const stop = instrumentOmni(trace.getTracer('my-app'));
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { TRACE_CHANNELS, type TraceContext, type TracedOperation } from 'jimmyai-omni';

/** Subscribes to every channel of the SDK; returns a function that unsubscribes. */
export function instrumentOmni(tracer: Tracer): () => void {
  const spans = new WeakMap<TraceContext, Span>();
  // The span of the SDK call in progress, so that a call made inside it is its child.
  const current = new AsyncLocalStorage<Context>();
  const undo: (() => void)[] = [];

  for (const operation of Object.keys(TRACE_CHANNELS) as TracedOperation[]) {
    const channel = tracingChannel<unknown, TraceContext>(TRACE_CHANNELS[operation]);
    // Runs at `start`, and its result is the store for the rest of the call.
    channel.start.bindStore(current, (message) => {
      const call = message as TraceContext;
      const parent = current.getStore() ?? context.active();
      const span = tracer.startSpan(
        `jimmyai-omni ${operation}`,
        { kind: SpanKind.CLIENT, attributes: attributesOf(call) },
        parent,
      );
      spans.set(call, span);
      return trace.setSpan(parent, span);
    });
    const onError = (message: unknown) => {
      const call = message as TraceContext;
      const error = call.error as Error;
      spans.get(call)?.recordException(error);
      spans.get(call)?.setStatus({ code: SpanStatusCode.ERROR, message: error?.name });
    };
    const onEnd = (message: unknown) => {
      const call = message as TraceContext;
      const span = spans.get(call);
      if (!span) return;
      span.setAttributes(attributesOf(call));
      span.end();
      spans.delete(call);
    };
    channel.error.subscribe(onError);
    channel.asyncEnd.subscribe(onEnd);
    undo.push(() => {
      channel.error.unsubscribe(onError);
      channel.asyncEnd.unsubscribe(onEnd);
      channel.start.unbindStore(current);
    });
  }
  return () => {
    for (const step of undo) step();
  };
}

/** The span attributes of a call: OpenTelemetry's HTTP names where they exist. */
function attributesOf(call: TraceContext): Attributes {
  const attributes: Attributes = { 'jimmyai.operation': call.operation };
  const set = (name: string, value: string | number | undefined) => {
    if (value !== undefined) attributes[name] = value;
  };
  set('jimmyai.task.id', call.taskId);
  set('jimmyai.request.id', call.requestId);
  set('jimmyai.attempts', call.attempt || undefined);
  set('http.request.method', call.method);
  // A download's path is the video link without its query (which may be signed).
  set(call.path?.startsWith('http') ? 'url.full' : 'url.path', call.path);
  set('http.response.status_code', call.status);
  set('jimmyai.task.status', call.taskStatus);
  set('jimmyai.task.progress', call.progress);
  set('jimmyai.download.bytes', call.bytes);
  if (call.error !== undefined) set('error.type', (call.error as Error).name);
  return attributes;
}
