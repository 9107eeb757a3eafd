/** The SDK's upload limits are the spec's (`x-max-bytes`, `x-allowed-extensions`). */
import { expect, test } from 'vitest';
import spec from '../../../generated/openapi.json' with { type: 'json' };
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from '../../../src/index.js';

const file = spec.components.schemas.UploadFileRequest.properties.file;

test('size limit and extensions match the spec', () => {
  expect(MAX_UPLOAD_BYTES).toBe(file['x-max-bytes']);
  expect(Object.keys(UPLOAD_TYPES).sort()).toEqual(
    Object.keys(file['x-allowed-extensions']).sort(),
  );
});

test('each extension is sent with a media type of its kind', () => {
  for (const [ext, type] of Object.entries(UPLOAD_TYPES))
    expect(type).toMatch(/^(image|video|audio)\//);
  expect(UPLOAD_TYPES['.png']).toBe('image/png');
});
