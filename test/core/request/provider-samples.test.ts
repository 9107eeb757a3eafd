/**
 * The provider's own sample requests (docs.jimmyai.cn, the create page, English and
 * Chinese alike) are accepted as written, and what the SDK sends for them is valid
 * against the spec (Ajv 2020 on the bundled spec, independently of the SDK).
 */
import { describe, expect, test } from 'vitest';
import { Omni } from '../../../src/index.js';
import { specValidator } from '../../../src/sandbox/spec-validator.js';

const spec = specValidator('CreateVideoRequest');
const omni = new Omni({ apiKey: 'sk_test' });

// Verbatim from the provider's create page (see /work/shared/api-notes.md).
const STANDARD_SAMPLE = JSON.parse(
  '{"model":"Gemini-Omini","prompt":"A cat running through a neon rainy street, cinematic low-angle tracking shot","duration":6,"resolution":"720p","aspect_ratio":"16:9","generation_type":"reference","image_urls":[],"video_urls":[]}',
);
const OMNI_10S_SAMPLE = JSON.parse(
  '{"model":"omni-10s","prompt":"Character from the reference runs through a cyberpunk street, cinematic tracking shot","aspect_ratio":"16:9","image_urls":["https://example.com/ref1.jpg"]}',
);

describe("the provider's sample requests", () => {
  test.each([
    ['standard (duration with an empty video_urls)', STANDARD_SAMPLE],
    ['omni-10s', OMNI_10S_SAMPLE],
  ])('%s: accepted, and the body sent is valid against the spec', (_, sample) => {
    expect(spec.validate(sample)).toEqual({ valid: true });
    const { body, warnings } = omni.videos.prepare(sample);
    expect(spec.validate(body)).toEqual({ valid: true });
    expect(body).toEqual(sample);
    expect(warnings).toEqual([]);
  });

  test('the standard sample: its empty lists are no reference, so the duration stands', () => {
    expect(omni.videos.prepare(STANDARD_SAMPLE).effective).toMatchObject({
      duration: 6,
      image_urls: [],
      video_urls: [],
      generation_type: 'reference',
    });
  });

  test('the spec examples include both samples, as written', async () => {
    const bundled = (await import('../../../generated/openapi.json', { with: { type: 'json' } }))
      .default;
    const examples =
      bundled.paths['/api/open-api/v1/gemini/omni/videos'].post.requestBody.content[
        'application/json'
      ].examples;
    expect(examples.providerSample.value).toEqual(STANDARD_SAMPLE);
    expect(examples.providerOmni10s.value).toEqual(OMNI_10S_SAMPLE);
  });
});

describe('an empty array is no reference, in the SDK and the spec alike', () => {
  const base = { model: 'Gemini-Omini', prompt: 'x' } as const;
  test.each<[string, Record<string, unknown>]>([
    ['duration with video_urls: []', { ...base, duration: 8, video_urls: [] }],
    ['omni-10s with video_urls: []', { model: 'omni-10s', prompt: 'x', video_urls: [] }],
    ['images: [] with image_urls: []', { ...base, image_urls: [], images: [] }],
    [
      'images fallback when image_urls is []',
      { ...base, image_urls: [], images: ['https://e.com/a.jpg'] },
    ],
  ])('accepts %s', (_, params) => {
    expect(spec.validate(params)).toEqual({ valid: true });
    expect(spec.validate(omni.videos.prepare(params as never).body)).toEqual({ valid: true });
  });

  test.each<[string, Record<string, unknown>]>([
    [
      'frame mode with only empty lists',
      { ...base, generation_type: 'frame', image_urls: [], images: [] },
    ],
    ['duration with one video', { ...base, duration: 8, video_urls: ['https://e.com/a.mp4'] }],
  ])('still refuses %s', (_, params) => {
    expect(spec.validate(params).valid).toBe(false);
    expect(() => omni.videos.prepare(params as never)).toThrow(/provider|decision/);
  });
});
