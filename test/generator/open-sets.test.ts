/**
 * Open sets keep their known values in the generated types: `anyOf: [enum, string]`
 * becomes `Known | (string & {})`, not `Known | string` (which TypeScript collapses to
 * `string`, losing completions); other members stay as they are, and a union with no
 * literal values (`string | null`, `string | number`) is left alone. Generated with
 * the project's own configuration from a small spec written here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import { afterAll, expect, test } from 'vitest';
import { openApiTsConfig } from '../../generator/openapi-ts.config.js';

const dir = mkdtempSync(join(tmpdir(), 'omni-open-sets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = {
  openapi: '3.1.0',
  info: { title: 'open sets', version: '1' },
  paths: {
    '/x': {
      get: {
        operationId: 'getX',
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Known: { type: 'string', enum: ['queued', 'completed'] },
      Status: { anyOf: [{ $ref: '#/components/schemas/Known' }, { type: 'string' }] },
      Code: {
        anyOf: [{ $ref: '#/components/schemas/Known' }, { type: 'string' }, { type: 'integer' }],
      },
      Plain: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      Thing: {
        type: 'object',
        properties: {
          status: { $ref: '#/components/schemas/Status' },
          code: { $ref: '#/components/schemas/Code' },
          plain: { $ref: '#/components/schemas/Plain' },
          note: { type: ['string', 'null'] },
        },
      },
    },
  },
};

test('an open enum keeps its values; unions without literal values are unchanged', async () => {
  const input = join(dir, 'spec.json');
  writeFileSync(input, JSON.stringify(spec));
  const out = join(dir, 'out');
  await createClient({ ...openApiTsConfig(out), input });
  const types = readFileSync(join(out, 'types.gen.ts'), 'utf8');
  expect(types).toMatch(/export type Status = Known \| \(string & \{\}\);/);
  expect(types).toMatch(/export type Code = Known \| \(string & \{\}\) \| number;/);
  expect(types).toMatch(/export type Plain = string \| number;/);
  expect(types).toMatch(/note\?: string \| null;/);
}, 60_000);
