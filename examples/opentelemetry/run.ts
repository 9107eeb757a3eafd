/**
 * A video made under OpenTelemetry: the SDK's calls become spans (see instrumentation.ts),
 * collected in memory and printed as a tree. In your service, use an OTLP exporter
 * instead of the in-memory one.
 *
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/opentelemetry/run.ts [out/fox.mp4]
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Omni } from 'jimmyai-omni';
import { instrumentOmni } from './instrumentation.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
// Spans nest through async code only with a context manager.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = provider.getTracer('omni-example');
const stop = instrumentOmni(tracer);

const omni = new Omni();
const out = process.argv[2] ?? 'out/otel-fox.mp4';
await tracer.startActiveSpan('make a fox video', async (root) => {
  try {
    const done = await omni.videos.generate({
      model: 'Gemini-Omini',
      prompt: 'A red fox running through fresh snow at dawn, cinematic',
    });
    await omni.videos.download(done, out, { overwrite: true });
  } finally {
    root.end();
  }
});
stop();

// The spans as a tree, each with what it carries.
const spans = exporter.getFinishedSpans();
const children = (parent: string | undefined) =>
  spans
    .filter((s) => s.parentSpanContext?.spanId === parent)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
function print(span: ReadableSpan, depth: number): void {
  const ms = span.duration[0] * 1e3 + span.duration[1] / 1e6;
  const attributes = Object.entries(span.attributes)
    .filter(([name]) => name !== 'jimmyai.operation')
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
  console.log(`${'  '.repeat(depth)}${span.name} (${Math.round(ms)} ms) ${attributes}`.trimEnd());
  for (const child of children(span.spanContext().spanId)) print(child, depth + 1);
}
for (const root of children(undefined)) print(root, 0);
console.log(`${spans.length} spans; video saved to ${out}`);
await provider.shutdown();
