/**
 * Create bodies are validated against the spec itself (Ajv over generated/openapi.json),
 * not the SDK's generated validators: a refused body gets a 400 envelope listing the violations.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { CREATE_PATH, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BODY, postCreate } from '../helpers/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const examples = Object.entries(
  spec.paths[CREATE_PATH].post.requestBody.content['application/json'].examples,
);

test('the spec has request examples (the rows below check something)', () => {
  expect(examples.length).toBeGreaterThan(0);
});

test.each(examples)('accepts the spec example %s', async (_, example) => {
  const res = await postCreate(sandbox, example.value);
  expect(await res.json()).toMatchObject({ code: '20000', data: { status: 'queued' } });
});

describe('refused bodies', () => {
  const img = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.jpg`);
  const cases: Array<[string, unknown, Array<{ path: string; message: string }>]> = [
    [
      'no prompt',
      { model: 'Gemini-Omini' },
      [{ path: '', message: "must have required property 'prompt'" }],
    ],
    [
      'an unknown field',
      { ...BODY, aspectRatio: '16:9' },
      [{ path: '', message: 'unknown field "aspectRatio" is not allowed' }],
    ],
    [
      'a bad enum and a bad pattern',
      { ...BODY, duration: 5, aspect_ratio: 'wide' },
      [
        { path: '/duration', message: 'must be one of 4, 6, 8, 10' },
        { path: '/aspect_ratio', message: expect.stringContaining('must match pattern') },
      ],
    ],
    [
      'duration with video_urls (a cross-field rule)',
      { ...BODY, duration: 6, video_urls: ['https://example.com/a.mp4'] },
      [{ path: '', message: 'duration and video_urls must not be sent together' }],
    ],
    [
      'frame mode with 2 images (an if/then rule)',
      { ...BODY, generation_type: 'frame', image_urls: img(2) },
      [{ path: '/image_urls', message: 'frame mode takes exactly 1 image' }],
    ],
    ['a JSON array', [BODY], [{ path: '', message: 'must be object' }]],
  ];

  test.each(cases)('%s: 400 with the violations, no task', async (_, body, violations) => {
    const before = sandbox.tasks.length;
    const res = await postCreate(sandbox, body);
    expect(res.status).toBe(400);
    const envelope = await res.json();
    expect(envelope.code).toBe('20002');
    expect(envelope.data.violations).toEqual(expect.arrayContaining(violations));
    for (const v of envelope.data.violations as Array<{ path: string; message: string }>)
      expect(envelope.msg).toContain(`${v.path || '(body)'} ${v.message}`);
    expect(sandbox.tasks).toHaveLength(before);
  });

  test.each([
    ['not JSON', '{"model": "Gemini-Omini",'],
    ['empty', ''],
  ])('a body that is %s: 400 with one violation at the root', async (_, text) => {
    const res = await postCreate(sandbox, text);
    expect(res.status).toBe(400);
    const envelope = await res.json();
    expect(envelope).toMatchObject({ code: '20002', data: { violations: [{ path: '' }] } });
    expect(envelope.data.violations).toHaveLength(1);
    expect(envelope.msg).toMatch(/^invalid request body: \(body\) body is not valid JSON/);
  });

  test('a body not sent as application/json: 415', async () => {
    const res = await postCreate(sandbox, BODY, { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: '20002' });
  });

  test('a body over 1 MiB: 413', async () => {
    const res = await postCreate(sandbox, { ...BODY, prompt: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: '20002' });
  });

  test('auth is checked before the body', async () => {
    const res = await fetch(sandbox.url + CREATE_PATH, { method: 'POST', body: '{' });
    expect(res.status).toBe(401);
  });
});
