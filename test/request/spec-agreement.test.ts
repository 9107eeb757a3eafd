/**
 * The SDK and the spec never disagree: for thousands of generated request bodies,
 * valid and invalid, `prepare` accepts exactly the bodies that the spec's JSON Schema
 * accepts (Ajv 2020 on the bundled spec), and what it sends is itself valid.
 * `npm run bench` runs the same property at 10,000 cases (SPEC_AGREEMENT_RUNS).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Omni, ValidationError } from '../../src/index.js';
import { specValidator } from '../../src/sandbox/spec-validator.js';

const spec = specValidator('CreateVideoRequest');
const omni = new Omni({ apiKey: 'sk_test' });
const RUNS = Number(process.env.SPEC_AGREEMENT_RUNS ?? 3000);

// Values near the boundary: mostly valid, with the invalid cases the rules are about.
const goodUrl = fc.oneof(
  fc.webUrl({ validSchemes: ['http', 'https'] }),
  fc.constantFrom('HTTPS://EXAMPLE.COM/A.JPG', 'http://[::1]:8080/x', 'https://a'),
);
const badUrl = fc.oneof(
  fc.constantFrom(
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://a/b',
    'https://',
    'https://a b',
    '/rel.jpg',
    '',
  ),
  fc.string(),
);
const url = fc.oneof({ weight: 20, arbitrary: goodUrl }, { weight: 1, arbitrary: badUrl });
// Lengths 0, 1 and 3 are what the standard model accepts; 2 and 4-9 probe the limits.
const urls = (max: number) =>
  fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom(0, 1, 1, 3) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
    )
    .chain((n) => fc.array(url, { minLength: Math.min(n, max), maxLength: Math.min(n, max) }));
const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
);
const field = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 15, arbitrary: good },
    { weight: 1, arbitrary: bad },
    { weight: 1, arbitrary: junk },
  );

const body = fc.record(
  {
    model: field(
      fc.constantFrom('Gemini-Omini', 'Omni-Flash-Ext', 'gemini-omni', 'omni-10s'),
      fc.constantFrom('gemini-omini', '', 'omni'),
    ),
    prompt: field(
      fc.oneof(fc.string({ minLength: 1 }), fc.constant('a fox in the snow')),
      fc.constantFrom('', '   ', '\n\t'),
    ),
    duration: field(fc.constantFrom(4, 6, 8, 10), fc.constantFrom(5, 0, 12, 6.5, -6, '6')),
    resolution: field(fc.constantFrom('720p', '1080p', '4k'), fc.constantFrom('480p', '4K', '')),
    aspect_ratio: field(
      fc
        .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9999 }))
        .map(([w, h]) => `${w}:${h}`),
      fc.constantFrom('0:9', '16/9', '', '01:1', ' 16:9', '16:9 ', '10000:1'),
    ),
    orientation: field(fc.constantFrom('landscape', 'portrait'), fc.constantFrom('square', '')),
    image_urls: field(urls(9), fc.constant('https://example.com/a.jpg')),
    images: field(urls(9), fc.constant('https://example.com/a.jpg')),
    generation_type: field(
      fc.constantFrom('frame', 'reference'),
      fc.constantFrom('style', 'FRAME'),
    ),
    video_urls: fc.oneof({
      weight: 1,
      arbitrary: field(urls(2), fc.constant('https://example.com/a.mp4')),
    }),
    aspectRatio: fc.constant('16:9'),
    extra: junk,
  },
  { requiredKeys: ['model', 'prompt'] },
);
// Each optional field is present about half the time; a reference video a quarter of
// the time (it excludes duration); typos and unknown keys rarely.
const bodies = fc
  .tuple(body, fc.integer({ min: 0, max: 99 }), fc.boolean())
  .map(([b, roll, video]) => {
    const { aspectRatio, extra, video_urls, ...rest } = b;
    const withVideo =
      video && roll % 2 === 0 && video_urls !== undefined ? { ...rest, video_urls } : rest;
    return roll < 3 ? { ...withVideo, aspectRatio, extra } : withVideo;
  });

function sdkAccepts(value: Record<string, unknown>): boolean {
  try {
    omni.videos.prepare(value as never);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

test(`prepare accepts exactly what the spec accepts (${RUNS} bodies)`, () => {
  let accepted = 0;
  // Empty arrays are no reference (the provider's own sample sends duration with
  // `video_urls: []`): the generators must produce them for the property to cover it.
  let emptyVideoWithDuration = 0;
  let emptyImageUrls = 0;
  fc.assert(
    fc.property(bodies, (value) => {
      const specSays = spec.validate(value).valid;
      const empty = (v: unknown) => Array.isArray(v) && v.length === 0;
      const fields = value as Record<string, unknown>;
      if (specSays && empty(fields.video_urls) && fields.duration !== undefined)
        emptyVideoWithDuration++;
      if (specSays && empty(fields.image_urls)) emptyImageUrls++;
      expect({ value, sdk: sdkAccepts(value) }).toEqual({ value, sdk: specSays });
      if (specSays) {
        accepted++;
        expect(spec.validate(omni.videos.prepare(value as never).body)).toEqual({ valid: true });
      }
    }),
    { numRuns: RUNS },
  );
  // Both sides of the boundary must be exercised for the property to mean anything.
  expect(accepted).toBeGreaterThan(RUNS * 0.1);
  expect(accepted).toBeLessThan(RUNS * 0.9);
  expect(emptyVideoWithDuration).toBeGreaterThan(RUNS * 0.005);
  expect(emptyImageUrls).toBeGreaterThan(RUNS * 0.02);
}, 60_000);
