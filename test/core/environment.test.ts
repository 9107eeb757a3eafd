/**
 * The key and host come from the environment when not given; a runtime that denies
 * reading it (Deno without --allow-env, whose `process.env` and `Deno.env` then throw
 * NotCapable) is reported, never treated as "unset". Here `process.env` throws as on
 * Deno; scripts/runtimes.mjs runs the real Deno without --allow-env.
 */
import { afterEach, expect, test } from 'vitest';
import { Omni, ValidationError } from '../../src/index.js';

const descriptor = Object.getOwnPropertyDescriptor(process, 'env')!;
class NotCapable extends Error {
  override name = 'NotCapable';
}
function denyEnvironment() {
  Object.defineProperty(process, 'env', {
    configurable: true,
    get() {
      throw new NotCapable(
        'Requires env access to "JIMMYAI_API_KEY", run again with the --allow-env flag',
      );
    },
  });
}
afterEach(() => {
  Object.defineProperty(process, 'env', descriptor);
});

function refusal(make: () => unknown): ValidationError {
  try {
    make();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

test('a denied environment is a ValidationError naming the variable and the permission', () => {
  denyEnvironment();
  const error = refusal(() => new Omni());
  expect(error.issues[0]!.path).toBe('JIMMYAI_API_KEY');
  expect(error.issues[0]!.message).toMatch(/--allow-env=JIMMYAI_API_KEY.*\{ apiKey \}/);
});

test('with only the key given, the host is not silently the production one', () => {
  denyEnvironment();
  const error = refusal(() => new Omni({ apiKey: 'sk_explicit' }));
  expect(error.issues).toEqual([
    {
      path: 'JIMMYAI_BASE_URL',
      message: expect.stringMatching(/--allow-env=JIMMYAI_BASE_URL.*\{ baseUrl \}/),
    },
  ]);
});

test('with both given, the environment is not read at all', () => {
  denyEnvironment();
  const omni = new Omni({ apiKey: 'sk_explicit', baseUrl: 'http://127.0.0.1:9' });
  expect(omni.baseUrl).toBe('http://127.0.0.1:9');
});
