/** Every example in the spec obeys the schema it illustrates (Redoc shows them as-is). */
import { describe, expect, test } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { specValidator } from '../../src/sandbox/spec-validator.js';

const createPath = spec.paths['/api/open-api/v1/gemini/omni/videos'].post;
const getPath = spec.paths['/api/open-api/v1/videos/{taskId}'].get;

describe('spec examples', () => {
  const requestExamples = Object.entries(
    createPath.requestBody.content['application/json'].examples,
  );
  test('cover one request per mode', () => {
    expect(requestExamples.map(([name]) => name).sort()).toEqual(
      [
        'firstFrame',
        'omni10sSevenReferences',
        'oneReference',
        'providerOmni10s',
        'providerSample',
        'referenceVideo',
        'textOnly',
        'threeReferences',
      ].sort(),
    );
  });
  test.each(requestExamples)('request %s is valid', (_, example) => {
    expect(specValidator('CreateVideoRequest').validate(example.value)).toEqual({ valid: true });
  });

  const taskExamples = Object.entries(
    getPath.responses['200'].content['application/json'].examples,
  );
  test('cover every documented task state', () => {
    const statuses = taskExamples.map(([, example]) => example.value.data.status).sort();
    expect(statuses).toEqual(['completed', 'failed', 'processing', 'queued']);
  });
  test.each(taskExamples)('task response %s is valid', (_, example) => {
    expect(specValidator('GetVideoTaskResponse').validate(example.value)).toEqual({ valid: true });
  });
  test.each(Object.entries(createPath.responses['200'].content['application/json'].examples))(
    'create response %s is valid',
    (_, example) => {
      expect(specValidator('CreateVideoResponse').validate(example.value)).toEqual({ valid: true });
    },
  );
});
