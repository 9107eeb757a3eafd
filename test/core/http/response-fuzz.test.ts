/**
 * Whatever the service answers, retrieve and create settle with a task the spec accepts
 * (exactly the data served) or a typed OmniError: fast-check generates the broken answers
 * (bench/response-fuzz.ts runs many more and prints a tally).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type FuzzServer,
  fuzzCase,
  runCase,
  startFuzzServer,
} from '../../../bench/response-fuzz-run.js';
import { InternalServerError } from '../../../src/index.js';
import { hostileServer } from '../../helpers/hostile-server.js';
import { clientOn } from '../../helpers/omni.js';

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server.close());

test('random broken answers: a spec-valid task or a typed OmniError, never anything else', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzCase, async (c) => {
      const outcome = await runCase(server, c);
      expect(outcome.problem, outcome.kind).toBeUndefined();
    }),
    { numRuns: 200, seed: 20261127 },
  );
}, 30_000);

// Found by the fuzz at 3,000 cases: a create answer whose failure text is not a string is
// handed back with that text read as text (src/core/videos.ts, as retrieve does); the
// oracle compared it with the raw data and called the SDK's own reading "not the data
// served".
test('a created task with a failure text that is an object: the text read as text', async () => {
  const data = {
    task_id: 'task_01JD7Z6Q2M8V4',
    status: 'failed',
    error_message: { message: 'no credit left' },
  };
  const outcome = await runCase(server, {
    operation: 'create',
    answers: [
      {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ code: 20000, msg: '', data }),
        mode: 'whole',
        retryAfter: null,
      },
    ],
  });
  expect(outcome).toEqual({ kind: 'task' });
});

// Found by the fuzz: JSON.parse copes with 100,000 levels of nesting, but printing the
// body for the error message (JSON.stringify in http/outcome.ts) overflows the stack.
test('an error answer nested too deep to print is still a typed error', async () => {
  const deep = `{"code":"50000","msg":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  const http = await hostileServer((_, res) => {
    res.writeHead(500, { 'content-type': 'application/json' }).end(deep);
  });
  try {
    const omni = clientOn(http.url, { maxRetries: 0 });
    await expect(omni.videos.retrieve('task_01JD7Z6Q2M8V4')).rejects.toBeInstanceOf(
      InternalServerError,
    );
    // A 500 to a create may have made a task: CreateUncertainError, caused by the 500.
    await expect(
      omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' }),
    ).rejects.toMatchObject({
      name: 'CreateUncertainError',
      cause: expect.any(InternalServerError),
    });
  } finally {
    await http.close();
  }
});
