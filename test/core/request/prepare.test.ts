/** `omni.videos.prepare`: normalisation, warnings, effective values and the rules' words. */
import { describe, expect, test } from 'vitest';
import { Omni, ValidationError, type CreateVideoParams } from '../../../src/index.js';

const omni = new Omni({ apiKey: 'sk_test' });
const img = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.jpg`);

function issuesOf(params: unknown) {
  try {
    omni.videos.prepare(params as CreateVideoParams);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('the wire body', () => {
  test('holds only what the caller set: no defaults injected', () => {
    const { body, effective } = omni.videos.prepare({ model: 'Gemini-Omini', prompt: 'a fox' });
    expect(body).toEqual({ model: 'Gemini-Omini', prompt: 'a fox' });
    expect(effective).toEqual({
      model: 'Gemini-Omini',
      prompt: 'a fox',
      duration: 6,
      resolution: '720p',
      generation_type: 'reference',
      image_urls: [],
      video_urls: [],
    });
  });

  test.each(['Omni-Flash-Ext', 'gemini-omni'] as const)(
    'sends the alias %s as Gemini-Omini',
    (model) => {
      const { body, warnings } = omni.videos.prepare({ model, prompt: 'x' });
      expect(body.model).toBe('Gemini-Omini');
      expect(warnings).toEqual([]);
    },
  );

  test('a reference video: no duration sent, none in effective', () => {
    const { body, effective } = omni.videos.prepare({
      model: 'Gemini-Omini',
      prompt: 'x',
      video_urls: ['https://e.com/a.mp4'],
    });
    expect(body).not.toHaveProperty('duration');
    expect(effective).not.toHaveProperty('duration');
    expect(effective.video_urls).toEqual(['https://e.com/a.mp4']);
  });

  test('aspect_ratio wins over orientation, which is dropped with a warning', () => {
    const { body, effective, warnings } = omni.videos.prepare({
      model: 'Gemini-Omini',
      prompt: 'x',
      aspect_ratio: '4:3',
      orientation: 'portrait',
    });
    expect(body).toEqual({ model: 'Gemini-Omini', prompt: 'x', aspect_ratio: '4:3' });
    expect(effective.aspect_ratio).toBe('4:3');
    expect(warnings).toEqual([
      { path: 'aspect_ratio', message: expect.stringContaining('documents only 16:9 and 9:16') },
      { path: 'orientation', message: expect.stringContaining('aspect_ratio takes precedence') },
    ]);
  });

  test.each(['16:9', '9:16'])('aspect_ratio %s, a documented one, has no warning', (ratio) => {
    const { body, warnings } = omni.videos.prepare({
      model: 'Gemini-Omini',
      prompt: 'x',
      aspect_ratio: ratio,
    });
    expect(body.aspect_ratio).toBe(ratio);
    expect(warnings).toEqual([]);
  });

  test.each(['1:1', '4:3', '21:9', '32:18'])(
    'aspect_ratio %s is sent, with a warning that the provider documents only two',
    (ratio) => {
      const { body, warnings } = omni.videos.prepare({
        model: 'omni-10s',
        prompt: 'x',
        aspect_ratio: ratio,
      });
      expect(body.aspect_ratio).toBe(ratio);
      expect(warnings).toEqual([
        {
          path: 'aspect_ratio',
          message: expect.stringMatching(/16:9 and 9:16.*tasks fail on unsupported aspect ratios/),
        },
      ]);
    },
  );

  test.each([
    ['landscape', '16:9'],
    ['portrait', '9:16'],
  ] as const)('orientation %s alone means %s', (orientation, ratio) => {
    const { body, effective } = omni.videos.prepare({
      model: 'Gemini-Omini',
      prompt: 'x',
      orientation,
    });
    expect(body.orientation).toBe(orientation);
    expect(effective.aspect_ratio).toBe(ratio);
  });

  test('images is used when image_urls is empty, dropped with a warning when both are set', () => {
    expect(
      omni.videos.prepare({ model: 'Gemini-Omini', prompt: 'x', images: img(3) }).effective
        .image_urls,
    ).toEqual(img(3));
    const both = omni.videos.prepare({
      model: 'Gemini-Omini',
      prompt: 'x',
      image_urls: img(1),
      images: img(2),
    });
    expect(both.body).not.toHaveProperty('images');
    expect(both.effective.image_urls).toEqual(img(1));
    expect(both.warnings).toEqual([
      { path: 'images', message: expect.stringContaining('image_urls is set') },
    ]);
  });

  test('omni-10s: duration, resolution and generation_type are not sent; effective 10 s, 720p', () => {
    const { body, effective, warnings } = omni.videos.prepare({
      model: 'omni-10s',
      prompt: 'x',
      duration: 6,
      resolution: '4k',
      generation_type: 'frame',
      image_urls: img(7),
    });
    expect(body).toEqual({ model: 'omni-10s', prompt: 'x', image_urls: img(7) });
    expect(effective).toMatchObject({ duration: 10, resolution: '720p', image_urls: img(7) });
    expect(effective).not.toHaveProperty('generation_type');
    expect(warnings.map((w) => w.path)).toEqual(['duration', 'resolution', 'generation_type']);
  });
});

describe('the rules, each naming the field', () => {
  test.each<[string, Record<string, unknown>, { path: string; message: RegExp }]>([
    [
      'unknown model',
      { model: 'gemini-omini', prompt: 'x' },
      {
        path: 'model',
        message: /must be one of "Gemini-Omini", "Omni-Flash-Ext", "gemini-omni", "omni-10s"/,
      },
    ],
    ['missing prompt', { model: 'Gemini-Omini' }, { path: 'prompt', message: /is required/ }],
    [
      'empty prompt',
      { model: 'Gemini-Omini', prompt: '' },
      { path: 'prompt', message: /must not be empty/ },
    ],
    [
      'blank prompt',
      { model: 'Gemini-Omini', prompt: '  ' },
      { path: 'prompt', message: /non-blank/ },
    ],
    [
      'typo, with a suggestion',
      { model: 'Gemini-Omini', prompt: 'x', aspectRatio: '16:9' },
      { path: 'aspectRatio', message: /did you mean aspect_ratio\?/ },
    ],
    [
      'duration 5',
      { model: 'Gemini-Omini', prompt: 'x', duration: 5 },
      { path: 'duration', message: /must be one of 4, 6, 8, 10/ },
    ],
    [
      'resolution',
      { model: 'Gemini-Omini', prompt: 'x', resolution: '480p' },
      { path: 'resolution', message: /"720p", "1080p", "4k"/ },
    ],
    [
      'aspect ratio',
      { model: 'Gemini-Omini', prompt: 'x', aspect_ratio: '16/9' },
      { path: 'aspect_ratio', message: /width:height/ },
    ],
    [
      'orientation',
      { model: 'Gemini-Omini', prompt: 'x', orientation: 'square' },
      { path: 'orientation', message: /"landscape", "portrait"/ },
    ],
    [
      'file: URL',
      { model: 'Gemini-Omini', prompt: 'x', image_urls: ['file:///etc/passwd'] },
      { path: 'image_urls[0]', message: /http:\/\/ or https:\/\// },
    ],
    [
      'javascript: URL',
      { model: 'Gemini-Omini', prompt: 'x', video_urls: ['javascript:alert(1)'] },
      { path: 'video_urls[0]', message: /http/ },
    ],
    [
      'frame without image',
      { model: 'Gemini-Omini', prompt: 'x', generation_type: 'frame' },
      { path: 'image_urls', message: /exactly 1 image in frame mode/ },
    ],
    [
      'frame with 3',
      { model: 'Gemini-Omini', prompt: 'x', generation_type: 'frame', images: img(3) },
      { path: 'images', message: /exactly 1 image.*not 3/ },
    ],
    [
      'reference with 2',
      { model: 'Gemini-Omini', prompt: 'x', image_urls: img(2) },
      { path: 'image_urls', message: /0, 1 or 3 images in reference mode, not 2/ },
    ],
    [
      'two videos',
      { model: 'Gemini-Omini', prompt: 'x', video_urls: ['https://e.com/1', 'https://e.com/2'] },
      { path: 'video_urls', message: /at most 1 item/ },
    ],
    [
      'duration with video',
      { model: 'Gemini-Omini', prompt: 'x', duration: 6, video_urls: ['https://e.com/1'] },
      { path: 'duration', message: /not be sent together with video_urls/ },
    ],
    [
      'omni-10s video_urls',
      { model: 'omni-10s', prompt: 'x', video_urls: ['https://e.com/1'] },
      { path: 'video_urls', message: /put video references in image_urls/ },
    ],
    [
      'omni-10s 8 references',
      { model: 'omni-10s', prompt: 'x', image_urls: img(8) },
      { path: 'image_urls', message: /at most 7 item/ },
    ],
  ])('%s', (_, params, expected) => {
    expect(issuesOf(params)).toContainEqual(
      expect.objectContaining({
        path: expected.path,
        message: expect.stringMatching(expected.message),
      }),
    );
  });

  test('every violation is reported at once, and the message lists them', () => {
    const params = {
      model: 'omni-10s',
      prompt: '',
      duration: 5,
      video_urls: ['file:///x'],
      colour: 'red',
    };
    let error: ValidationError | undefined;
    try {
      omni.videos.prepare(params as never);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error?.issues.map((i) => i.path).sort()).toEqual(
      ['colour', 'duration', 'duration', 'prompt', 'video_urls', 'video_urls[0]'].sort(),
    );
    for (const path of ['colour', 'prompt', 'video_urls[0]'])
      expect(error?.message).toContain(`- ${path}:`);
  });

  test.each<[string, Record<string, unknown>, string, 'provider' | 'decision']>([
    ['duration 5', { model: 'Gemini-Omini', prompt: 'x', duration: 5 }, 'duration', 'provider'],
    ['unknown model', { model: 'omni', prompt: 'x' }, 'model', 'provider'],
    [
      'two videos',
      { model: 'Gemini-Omini', prompt: 'x', video_urls: img(2) },
      'video_urls',
      'provider',
    ],
    [
      '8 references',
      { model: 'omni-10s', prompt: 'x', image_urls: img(8) },
      'image_urls',
      'provider',
    ],
    [
      'duration with video',
      { model: 'Gemini-Omini', prompt: 'x', duration: 6, video_urls: img(1) },
      'duration',
      'provider',
    ],
    [
      'frame with 3',
      { model: 'Gemini-Omini', prompt: 'x', generation_type: 'frame', image_urls: img(3) },
      'image_urls',
      'provider',
    ],
    [
      'reference with 4',
      { model: 'Gemini-Omini', prompt: 'x', image_urls: img(4) },
      'image_urls',
      'provider',
    ],
    [
      'frame with none',
      { model: 'Gemini-Omini', prompt: 'x', generation_type: 'frame' },
      'image_urls',
      'decision',
    ],
    [
      'reference with 2',
      { model: 'Gemini-Omini', prompt: 'x', image_urls: img(2) },
      'image_urls',
      'decision',
    ],
    [
      'omni-10s video_urls',
      { model: 'omni-10s', prompt: 'x', video_urls: img(1) },
      'video_urls',
      'decision',
    ],
    [
      'file: URL',
      { model: 'Gemini-Omini', prompt: 'x', image_urls: ['file:///x'] },
      'image_urls[0]',
      'decision',
    ],
    [
      'typo',
      { model: 'Gemini-Omini', prompt: 'x', aspectRatio: '16:9' },
      'aspectRatio',
      'decision',
    ],
    ['blank prompt', { model: 'Gemini-Omini', prompt: ' ' }, 'prompt', 'decision'],
    [
      'aspect ratio 16/9',
      { model: 'Gemini-Omini', prompt: 'x', aspect_ratio: '16/9' },
      'aspect_ratio',
      'decision',
    ],
  ])('%s: the message says whose rule it is', (_, params, path, source) => {
    const issue = issuesOf(params).find((i) => i.path === path);
    expect(issue?.message).toMatch(
      source === 'provider'
        ? /\(the provider's documented rule\)$/
        : /\(this SDK's decision: .+\)$/,
    );
    // The same in structure, so that no reader parses the words: the rule alone, then
    // whose it is; the message is the rule followed by the note.
    expect(issue?.source).toBe(source);
    expect(issue?.rule).toBeTruthy();
    expect(issue?.message.startsWith(`${issue?.rule} (`)).toBe(true);
    expect(issue?.rule).not.toMatch(/the provider's|this SDK's/);
  });

  test.each([
    ['resolution', { resolution: '480p' }, 'resolution', ['720p', '1080p', '4k']],
    ['duration', { duration: 5 }, 'duration', [4, 6, 8, 10]],
    ['orientation', { orientation: 'square' }, 'orientation', ['landscape', 'portrait']],
  ])('%s: an enum rule lists its allowed values', (_, extra, path, allowed) => {
    const issue = issuesOf({ model: 'Gemini-Omini', prompt: 'x', ...extra }).find(
      (i) => i.path === path,
    );
    expect(issue).toMatchObject({ source: 'provider', allowed });
    expect(issue?.rule).toBe(`must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
  });

  test('a rule that is no choice lists no allowed values', () => {
    const issue = issuesOf({ model: 'Gemini-Omini', prompt: 'x', image_urls: img(2) })[0];
    expect(issue).toMatchObject({ path: 'image_urls', source: 'decision' });
    expect(issue).not.toHaveProperty('allowed');
  });

  test.each([
    ['an enum', { resolution: '480p' }, 'resolution', '480p'],
    ['a type', { duration: 'long' }, 'duration', 'long'],
    ['a format', { aspect_ratio: 'wide' }, 'aspect_ratio', 'wide'],
    ['a list item', { image_urls: ['ftp://e.com/a.png'] }, 'image_urls[0]', 'ftp://e.com/a.png'],
  ])('%s: the refused value is on the issue (received)', (_, extra, path, received) => {
    const issue = issuesOf({ model: 'Gemini-Omini', prompt: 'x', ...extra }).find(
      (i) => i.path === path,
    );
    expect(issue).toMatchObject({ path, received });
  });

  test.each([
    ['a missing field', { model: 'Gemini-Omini' }, 'prompt'],
    ['an empty field', { model: 'Gemini-Omini', prompt: '' }, 'prompt'],
    ['a list too long', { model: 'Gemini-Omini', prompt: 'x', video_urls: img(2) }, 'video_urls'],
    [
      'a rule between fields',
      { model: 'Gemini-Omini', prompt: 'x', image_urls: img(2) },
      'image_urls',
    ],
  ])('%s: no received value, since it would show nothing wrong', (_, params, path) => {
    const issue = issuesOf(params).find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue).not.toHaveProperty('received');
  });

  test('omni-10s: the drops say whose rule they follow', () => {
    const { warnings } = omni.videos.prepare({
      model: 'omni-10s',
      prompt: 'x',
      duration: 6,
      generation_type: 'frame',
    });
    expect(warnings).toEqual([
      { path: 'duration', message: expect.stringContaining("the provider's documented rule") },
      { path: 'generation_type', message: expect.stringContaining("this SDK's decision") },
    ]);
  });

  test('a non-object is refused', () => {
    expect(issuesOf('a fox')).toEqual([
      { path: '', message: 'must be an object of request fields' },
    ]);
  });
});
