/**
 * The spec alone, fed to a JSON Schema validator (Ajv 2020 on generated/openapi.json),
 * must accept and refuse what the provider's documentation says.
 */
import { describe, expect, test } from 'vitest';
import { specValidator } from '../../src/sandbox/spec-validator.js';

const createVideo = specValidator('CreateVideoRequest');
const img = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.jpg`);
const base = { model: 'Gemini-Omini', prompt: 'a fox in the snow' };

const accepted: Array<[string, Record<string, unknown>]> = [
  ['text only', base],
  [
    'every standard field',
    { ...base, duration: 10, resolution: '4k', aspect_ratio: '21:9', orientation: 'portrait' },
  ],
  ['each duration 4/6/8/10', { ...base, duration: 4 }],
  ['alias Omni-Flash-Ext', { ...base, model: 'Omni-Flash-Ext' }],
  ['alias gemini-omni', { ...base, model: 'gemini-omni' }],
  ['frame mode with 1 image', { ...base, generation_type: 'frame', image_urls: img(1) }],
  ['frame mode with 1 image in images', { ...base, generation_type: 'frame', images: img(1) }],
  ['reference mode (default) with 1 image', { ...base, image_urls: img(1) }],
  ['reference mode with 3 images', { ...base, generation_type: 'reference', image_urls: img(3) }],
  ['reference mode with 3 images in images', { ...base, images: img(3) }],
  ['images ignored when image_urls is set', { ...base, image_urls: img(1), images: img(2) }],
  ['images counted when image_urls is empty', { ...base, image_urls: [], images: img(3) }],
  ['one reference video without duration', { ...base, video_urls: ['https://example.com/a.mp4'] }],
  ['omni-10s with 7 references', { model: 'omni-10s', prompt: 'x', image_urls: img(7) }],
  ['omni-10s with 7 references in images', { model: 'omni-10s', prompt: 'x', images: img(7) }],
  [
    'omni-10s with 2 references (no 0/1/3 rule)',
    { model: 'omni-10s', prompt: 'x', image_urls: img(2) },
  ],
  [
    'omni-10s ignores duration/resolution',
    { model: 'omni-10s', prompt: 'x', duration: 6, resolution: '4k' },
  ],
  ['upper-case URL scheme', { ...base, image_urls: ['HTTPS://EXAMPLE.COM/A.JPG'] }],
];

const refused: Array<[string, Record<string, unknown>, string]> = [
  ['no model', { prompt: 'x' }, "must have required property 'model'"],
  ['no prompt', { model: 'Gemini-Omini' }, "must have required property 'prompt'"],
  ['empty prompt', { ...base, prompt: '' }, 'must NOT have fewer than 1 characters'],
  ['blank prompt', { ...base, prompt: '   ' }, 'must match pattern'],
  ['unknown model', { ...base, model: 'gemini-omini' }, 'must be one of'],
  ['unknown field (typo)', { ...base, aspectRatio: '16:9' }, 'unknown field "aspectRatio"'],
  ['duration 5', { ...base, duration: 5 }, 'must be one of 4, 6, 8, 10'],
  ['duration as a string', { ...base, duration: '6' }, 'must be integer'],
  ['resolution 480p', { ...base, resolution: '480p' }, 'must be one of'],
  ['aspect ratio not W:H', { ...base, aspect_ratio: 'wide' }, 'must match pattern'],
  ['aspect ratio with zero', { ...base, aspect_ratio: '0:9' }, 'must match pattern'],
  ['orientation square', { ...base, orientation: 'square' }, 'must be one of'],
  ['generation_type other', { ...base, generation_type: 'style' }, 'must be one of'],
  ['file: URL', { ...base, image_urls: ['file:///etc/passwd'] }, 'must match pattern'],
  ['javascript: URL', { ...base, image_urls: ['javascript:alert(1)'] }, 'must match pattern'],
  ['relative URL', { ...base, video_urls: ['/a.mp4'] }, 'must match pattern'],
  [
    'duration with video_urls',
    { ...base, duration: 6, video_urls: ['https://e.com/a.mp4'] },
    'duration and video_urls',
  ],
  [
    'two reference videos',
    { ...base, video_urls: ['https://e.com/a.mp4', 'https://e.com/b.mp4'] },
    'more than 1 item',
  ],
  [
    'frame mode without image',
    { ...base, generation_type: 'frame' },
    'frame mode takes exactly 1 image',
  ],
  [
    'frame mode with 2 images',
    { ...base, generation_type: 'frame', image_urls: img(2) },
    'frame mode takes exactly 1 image',
  ],
  [
    'reference mode with 2 images',
    { ...base, image_urls: img(2) },
    'reference mode takes 0, 1 or 3 images',
  ],
  [
    'reference mode with 2 images in images',
    { ...base, images: img(2) },
    'reference mode takes 0, 1 or 3 images',
  ],
  [
    'reference mode with 4 images',
    { ...base, image_urls: img(4) },
    'reference mode takes 0, 1 or 3 images',
  ],
  [
    'frame mode, image_urls empty and no images',
    { ...base, generation_type: 'frame', image_urls: [] },
    'frame mode',
  ],
  [
    'omni-10s with video_urls',
    { model: 'omni-10s', prompt: 'x', video_urls: ['https://e.com/a.mp4'] },
    'omni-10s does not take video_urls',
  ],
  [
    'omni-10s with 8 references',
    { model: 'omni-10s', prompt: 'x', image_urls: img(8) },
    'more than 7 items',
  ],
];

describe('CreateVideoRequest in the spec', () => {
  test.each(accepted)('accepts: %s', (_, body) => {
    expect(createVideo.validate(body)).toEqual({ valid: true });
  });

  test.each(refused)('refuses: %s', (_, body, rule) => {
    const result = createVideo.validate(body);
    expect(result.valid).toBe(false);
    const messages = result.valid ? [] : result.violations.map((v) => v.message);
    expect(messages.join(' | ')).toContain(rule);
  });
});

describe('task id parameter in the spec', () => {
  test('refuses ids that would change the request path', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { default: spec } = await import('../../generated/openapi.json', {
      with: { type: 'json' },
    });
    const validate = new Ajv2020({ strict: false }).compile(
      spec.components.parameters.TaskId.schema,
    );
    expect(['task_1', 'a.b', '...'].map((id) => validate(id))).toEqual([true, true, true]);
    expect(['', '.', '..', 'a/b', '../x'].map((id) => validate(id))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
