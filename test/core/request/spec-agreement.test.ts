/**
 * The SDK and the spec never disagree: for thousands of generated request bodies,
 * valid and invalid, `prepare` accepts exactly the bodies that the spec's JSON Schema
 * accepts (Ajv 2020 on the bundled spec), and what it sends is itself valid.
 * The bodies are built from the spec itself (generated/facts.gen.ts: every field of
 * the request, every enum value, every model and the reference counts the models
 * declare), so a new model, field or value is exercised with no edit here.
 * `npm run bench` runs the same property at 10,000 cases (SPEC_AGREEMENT_RUNS).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CREATE_FIELDS, MODEL_TABLE, type CreateField } from '../../../src/core/facts.js';
import { Omni, ValidationError } from '../../../src/index.js';
import { specValidator } from '../../../src/sandbox/spec-validator.js';

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

// The reference counts the models declare (generation modes, reference limits), and one
// past each: the lengths where the rules change.
const models = Object.values(MODEL_TABLE);
const declaredCounts = [
  ...new Set(
    models.flatMap((m) => [
      ...Object.values(m.generationModes ?? {}).flatMap((mode) => mode.images),
      ...(m.maxReferences === undefined ? [] : [m.maxReferences, m.maxReferences + 1]),
    ]),
  ),
];

/** A valid and an invalid value of a field, from its schema. */
function arbitraries(f: CreateField): { good: fc.Arbitrary<unknown>; bad: fc.Arbitrary<unknown> } {
  if (f.enum) {
    const values = [...f.enum];
    const bad =
      f.type === 'string'
        ? values.flatMap((v) => [String(v).toUpperCase(), `${v}x`]).concat([''])
        : values.flatMap((v) => [Number(v) + 1, Number(v) + 0.5, String(v)]).concat([0, -1]);
    return {
      good: fc.constantFrom(...values),
      bad: fc.constantFrom(...bad.filter((v) => !values.includes(v as never))),
    };
  }
  if (f.type === 'array') {
    const item = f.items?.enum
      ? arbitraries({ ...f, type: f.items.type as CreateField['type'], enum: f.items.enum })
      : { good: goodUrl, bad: badUrl };
    const max = f.maxItems ?? 5;
    const element = fc.oneof(
      { weight: 40, arbitrary: item.good },
      { weight: 1, arbitrary: item.bad },
    );
    const counts = declaredCounts.filter((n) => n <= max);
    const length = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...(counts.length ? counts : [0, 1])) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: max + 2 }) },
    );
    return {
      good: length.chain((n) => fc.array(element, { minLength: n, maxLength: n })),
      bad: item.good,
    };
  }
  if (f.type === 'integer' || f.type === 'number') {
    const min = f.minimum ?? -1000;
    const max = f.maximum ?? 1000;
    const good =
      f.type === 'integer' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    const bad = [min - 1, max + 1, String(min), ...(f.type === 'integer' ? [min + 0.5] : [])];
    return { good, bad: fc.constantFrom(...bad) };
  }
  if (f.type === 'boolean') return { good: fc.boolean(), bad: fc.constantFrom('true', 1) };
  const good = f.pattern
    ? fc.stringMatching(new RegExp(f.pattern), { maxLength: f.maxLength })
    : fc.string({ minLength: f.minLength ?? 0, maxLength: f.maxLength ?? 40 });
  const withWhitespace = good.map((v) => ` ${v}`);
  const bad = fc.oneof(
    fc.constantFrom('', '   ', '\n\t', ...(f.maxLength ? ['x'.repeat(f.maxLength + 1)] : [])),
    ...(f.pattern ? [withWhitespace, good.map((v) => `${v} `), good.map((v) => `0${v}`)] : []),
  );
  return { good: f.pattern ? good.filter((v) => v.length > 0) : good, bad };
}

const body = fc.record(
  {
    ...Object.fromEntries(
      Object.values(CREATE_FIELDS).map((f) => {
        const { good, bad } = arbitraries(f);
        return [f.name, field(good, bad)];
      }),
    ),
    aspectRatio: fc.constant('16:9'),
    extra: junk,
  },
  {
    requiredKeys: Object.values(CREATE_FIELDS)
      .filter((f) => f.required)
      .map((f) => f.name) as never[],
  },
);
// Each optional field is present about half the time (fc.record), a list three times in eight
// the time (lists exclude one another and duration: more would refuse most bodies);
// typos and unknown keys rarely.
const bodies = fc
  .tuple(
    body,
    fc.integer({ min: 0, max: 99 }),
    fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
  )
  .map(([b, roll, coin]) => {
    const { aspectRatio, extra, ...rest } = b as Record<string, unknown>;
    const kept = Object.fromEntries(
      Object.entries(rest).filter(
        ([key], i) => CREATE_FIELDS[key]?.type !== 'array' || coin[i % 16] || coin[16 + (i % 16)],
      ),
    );
    return roll < 3 ? { ...kept, aspectRatio, extra } : kept;
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
  // What the accepted bodies held: every field and enum value of the spec must be among them.
  const seenFields = new Set<string>();
  const seenValues = new Set<string>();
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
        for (const [key, v] of Object.entries(fields)) {
          seenFields.add(key);
          for (const one of Array.isArray(v) ? v : [v]) seenValues.add(`${key}=${String(one)}`);
        }
        expect(spec.validate(omni.videos.prepare(value as never).body)).toEqual({ valid: true });
      }
    }),
    { numRuns: RUNS },
  );
  // Both sides of the boundary must be exercised for the property to mean anything.
  expect(accepted).toBeGreaterThan(RUNS * 0.1);
  expect(accepted).toBeLessThan(RUNS * 0.9);
  expect(emptyVideoWithDuration, 'valid bodies with duration and video_urls: []').toBeGreaterThan(
    RUNS * 0.005,
  );
  expect(emptyImageUrls, 'valid bodies with image_urls: []').toBeGreaterThan(RUNS * 0.01);
  const fieldsOfSpec = Object.keys(CREATE_FIELDS);
  expect(fieldsOfSpec.filter((f) => !seenFields.has(f))).toEqual([]);
  const valuesOfSpec = Object.values(CREATE_FIELDS).flatMap((f) =>
    [...(f.enum ?? f.items?.enum ?? [])].map((v) => `${f.name}=${String(v)}`),
  );
  expect(valuesOfSpec.filter((v) => !seenValues.has(v))).toEqual([]);
}, 60_000);
