/**
 * examples/opentelemetry/: the SDK's tracing channels become OpenTelemetry spans with
 * the OpenTelemetry SDK (an in-memory exporter), against the sandbox: in this process,
 * where every span and attribute is checked, and as a user runs the example script.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, expect, test } from 'vitest';
import { NotFoundError } from '../../../src/index.js';
import { instrumentOmni } from '../../../examples/opentelemetry/instrumentation.js';
import { sandboxClient, TEST_KEY } from '../../helpers/omni.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const { sandbox, client } = await sandboxClient();
const dir = await mkdtemp(join(tmpdir(), 'omni-otel-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

test("each call is a span under the caller's, with task id, request id, status and errors", async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const tracer = provider.getTracer('test');
  const stop = instrumentOmni(tracer);
  const omni = client();
  let taskId = '';
  try {
    await tracer.startActiveSpan('job', async (root) => {
      const done = await omni.videos.generate(
        { model: 'Gemini-Omini', prompt: 'a fox' },
        { pollIntervalMs: 5 },
      );
      taskId = done.task_id;
      // By id: the download looks the task up first, a span of its own inside the download's.
      await omni.videos.download(done.task_id, join(dir, 'fox.mp4'));
      const reply = (status: number, requestId: string, body: unknown) =>
        sandbox.injectFault({
          kind: 'reply',
          route: 'retrieve',
          reply: {
            status,
            headers: { 'content-type': 'application/json', 'x-request-id': requestId },
            body: JSON.stringify(body),
          },
        });
      reply(200, 'req_otel_ok', { code: '20000', msg: 'ok', data: done });
      reply(404, 'req_otel_404', { code: '404', msg: 'no such task' });
      await omni.videos.retrieve(done.task_id);
      await expect(omni.videos.retrieve('task_gone')).rejects.toBeInstanceOf(NotFoundError);
      root.end();
    });
  } finally {
    stop();
    context.disable();
  }

  const spans = exporter.getFinishedSpans();
  const root = spans.find((s) => s.name === 'job') as ReadableSpan;
  const childrenOf = (parent: ReadableSpan) =>
    spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
  const names = childrenOf(root).map((s) => s.name);
  expect(names[0]).toBe('jimmyai-omni create');
  expect(names.slice(1, -3).every((n) => n === 'jimmyai-omni poll')).toBe(true);
  expect(names.slice(1, -3).length).toBeGreaterThan(0);
  expect(names.slice(-3)).toEqual([
    'jimmyai-omni download',
    'jimmyai-omni retrieve',
    'jimmyai-omni retrieve',
  ]);
  // Every span of the call belongs to the caller's trace.
  expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);

  const [create] = childrenOf(root);
  expect(create?.attributes).toMatchObject({
    'jimmyai.task.id': taskId,
    'http.request.method': 'POST',
    'http.response.status_code': 200,
    'jimmyai.attempts': 1,
  });
  const polls = childrenOf(root).filter((s) => s.name === 'jimmyai-omni poll');
  expect(polls.at(-1)?.attributes).toMatchObject({
    'jimmyai.task.id': taskId,
    'jimmyai.task.status': 'completed',
    'jimmyai.task.progress': 100,
  });
  const download = childrenOf(root).find((s) => s.name === 'jimmyai-omni download') as ReadableSpan;
  expect(download.attributes['jimmyai.download.bytes']).toBe(
    (await stat(join(dir, 'fox.mp4'))).size,
  );
  expect(childrenOf(download).map((s) => [s.name, s.attributes['jimmyai.task.id']])).toEqual([
    ['jimmyai-omni retrieve', taskId],
  ]);

  const [ok, gone] = childrenOf(root).slice(-2) as [ReadableSpan, ReadableSpan];
  expect(ok.attributes['jimmyai.request.id']).toBe('req_otel_ok');
  expect(ok.status.code).not.toBe(SpanStatusCode.ERROR);
  expect(gone.attributes).toMatchObject({
    'jimmyai.request.id': 'req_otel_404',
    'http.response.status_code': 404,
    'error.type': 'NotFoundError',
    'jimmyai.task.id': 'task_gone',
  });
  expect(gone.status).toEqual({ code: SpanStatusCode.ERROR, message: 'NotFoundError' });
  expect(gone.events.map((e) => e.name)).toEqual(['exception']);
  expect(JSON.stringify(spans.map((s) => [s.attributes, s.events]))).not.toContain(TEST_KEY);
  await provider.shutdown();
});

test('the example script runs as a user runs it, and prints the span tree', async () => {
  const out = join(dir, 'script.mp4');
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/run-ts.mjs'), join(ROOT, 'examples/opentelemetry/run.ts'), out],
    { cwd: dir, env: { ...process.env, JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: sandbox.url } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise((resolve) => child.once('close', resolve));
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const lines = stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^make a fox video \(\d+ ms\)$/);
  expect(lines[1]).toMatch(/^ {2}jimmyai-omni create \(\d+ ms\) jimmyai\.task\.id=task_\w+ /);
  expect(
    lines.some((l) => /^ {2}jimmyai-omni poll .*jimmyai\.task\.status=completed/.test(l)),
  ).toBe(true);
  expect(lines.at(-2)).toMatch(/^ {2}jimmyai-omni download .*http\.response\.status_code=200/);
  expect(lines.at(-1)).toBe(`${lines.length - 1} spans; video saved to ${out}`);
  expect((await stat(out)).size).toBeGreaterThan(0);
  expect(stdout).not.toContain(TEST_KEY);
}, 40_000);
