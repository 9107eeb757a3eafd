/** The provider's envelope codes: the spec documents them, and the SDK maps exactly those. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PROVIDER_CODES } from '../../src/core/http/provider-codes.js';

const spec = JSON.parse(readFileSync('generated/openapi.json', 'utf8'));

test("the SDK's mapped codes are the spec's documented set", () => {
  expect([...spec.components.schemas.KnownResponseCode.enum].sort()).toEqual(
    Object.values(PROVIDER_CODES).sort(),
  );
});

test('no invented 4xxxx/5xxxx code is left in the spec', () => {
  const text = readFileSync('spec/openapi.yaml', 'utf8');
  expect(text).not.toMatch(/code: '?[45]\d{4}'?/);
});
