/**
 * The client's options, as the README states the rule: `new Omni()` checks every
 * option it is given and throws one ValidationError listing every problem (an unknown
 * option with a suggestion, a bad number or URL), saying "options", not "nothing was
 * sent". The key alone may be missing: `prepare()` needs none, and a call that sends
 * refuses first, nothing sent. And the messages that name durations say them exactly.
 */
import { describe, expect, test } from 'vitest';
import { Omni, TaskTimeoutError, ValidationError } from '../../src/index.js';
import { TEST_KEY } from '../helpers/omni.js';
import { virtualSandbox } from '../helpers/virtual-sandbox.js';

function refusal(options: unknown): ValidationError {
  try {
    new Omni(options as never);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('new Omni(options)', () => {
  test.each([
    [{ apikey: 'sk_x' }, 'apikey', 'did you mean apiKey?'],
    [{ api_key: 'sk_x' }, 'api_key', 'did you mean apiKey?'],
    [{ baseURL: 'https://e.com' }, 'baseURL', 'did you mean baseUrl?'],
    [{ timeout: 5 }, 'timeout', 'did you mean timeoutMs?'],
    [{ maxRetires: 1 }, 'maxRetires', 'did you mean maxRetries?'],
  ])('refuses the typo %o with a suggestion', (options, path, hint) => {
    const error = refusal({ apiKey: TEST_KEY, ...options });
    expect(error.issues).toEqual([{ path, message: `is not an option of new Omni(); ${hint}` }]);
  });

  test('an option with no near name lists the options', () => {
    const error = refusal({ bogus: 1 });
    expect(error.issues[0]!.message).toBe(
      'is not an option of new Omni(); the options are apiKey, baseUrl, maxRetries, timeoutMs, fetch, dangerouslyAllowBrowser, clock, random, retryQuota, adaptiveRate, logger, logLevel',
    );
  });

  test('every problem at once, headed "options", never "nothing was sent"', () => {
    const error = refusal({ timeoutMs: -1, bogus: 1, baseUrl: 'ftp://x' });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['baseUrl', 'bogus', 'timeoutMs']);
    expect(error.message).toMatch(/^Invalid options of new Omni\(\):\n/);
    expect(error.message).not.toContain('nothing was sent');
  });

  test('options that are not an object are refused', () => {
    expect(refusal(42).issues).toEqual([
      { path: 'options', message: expect.stringMatching(/^must be an (options )?object/) },
    ]);
  });

  test('every documented option is accepted', () => {
    expect(
      () =>
        new Omni({
          apiKey: TEST_KEY,
          baseUrl: 'https://www.jimiai.com',
          maxRetries: 1,
          timeoutMs: 1000,
          fetch: globalThis.fetch,
          dangerouslyAllowBrowser: false,
          clock: { now: Date.now, sleep: async () => {} },
          random: Math.random,
        }),
    ).not.toThrow();
  });

  test('without a key: prepare works, and a call that sends refuses first, sending nothing', async () => {
    await using env = await virtualSandbox({}, { apiKey: '' });
    expect(env.omni.videos.prepare({ model: 'Gemini-Omini', prompt: 'a fox' }).body.prompt).toBe(
      'a fox',
    );
    const error = await env.omni.videos
      .create({ model: 'Gemini-Omini', prompt: 'a fox' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('apiKey');
    expect(env.sandbox.requests).toHaveLength(0);
  });
});

describe('durations in messages', () => {
  test.each([
    [700, '700 ms'],
    [1500, '1.5 s'],
    [90_000, '90 s'],
    [1_200_000, '20 min'],
  ])('a wait of %d ms "did not finish within %s"', async (timeoutMs, text) => {
    await using env = await virtualSandbox({ queueMs: 3_600_000 });
    const task = await env.omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' });
    const error = await env.omni.videos.wait(task, { timeoutMs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect((error as TaskTimeoutError).message).toContain(`did not finish within ${text} (`);
  });
});
