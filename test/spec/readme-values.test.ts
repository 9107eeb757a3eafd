/**
 * The README's rules table lists the API's values; it is written by hand, so this
 * test holds it to the spec: every enum of the create request and every model the
 * README names in that table is the spec's, no more, no less.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CREATE_FIELDS } from '../../src/core/facts.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## The rules the SDK enforces'),
  readme.indexOf('## Uploading local files'),
);

const enumFields = Object.values(CREATE_FIELDS).filter((f) => f.enum && f.name !== 'model');

test('the spec has enum fields besides the model (the table below checks something)', () => {
  expect(enumFields.length).toBeGreaterThan(0);
});

test.each(enumFields.map((f) => [f.name, f.enum ?? []] as const))(
  'the README lists the values of %s as the spec does',
  (name, values) => {
    const listed = new RegExp(`\`${name}\` ∈ ([^;|]+)`).exec(section)?.[1]?.trim();
    expect(listed, `the rules table lists ${name}'s values`).toBeDefined();
    expect(listed?.split('/')).toEqual(values.map(String));
  },
);

test('the README names the spec’s models, each one', () => {
  const row = section.split('\n').find((line) => line.startsWith('| `model` is'));
  const named = [...(row ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]).slice(1);
  expect(new Set(named)).toEqual(new Set((CREATE_FIELDS.model?.enum ?? []).map(String)));
});
