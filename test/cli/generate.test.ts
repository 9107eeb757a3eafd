/** `omni generate`: create, wait with progress, save; and the embedded sandbox without a key. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox, createdTaskId, runCli, SAMPLE_MP4, tempDir } from '../helpers/cli.js';

const cli = await cliSandbox();
const dir = await tempDir();
const sample = await readFile(SAMPLE_MP4);

describe('generate', () => {
  test('creates the task, waits for it and saves the video to --out', async () => {
    const out = join(dir, 'fox.mp4');
    const result = await cli.run(['generate', '--prompt', 'a red fox in fresh snow', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(out)).toEqual(sample);
    // stdout holds only the data: the saved path.
    expect(result.stdout).toBe(`${out}\n`);
    const id = createdTaskId(result.stderr);
    expect(result.stderr).toContain(`Created task ${id}: Gemini-Omini, 6 s, 720p, reference mode.`);
    expect(result.stderr).toMatch(/\] completed 100%\n/);
    expect(result.stderr).toContain(`Saved ${out} (2.1 kB).`);
    expect(cli.sandbox.task(id)?.state.status).toBe('completed');
  });

  test('sends each flag as its API field', async () => {
    const before = cli.requestsTo('create').length;
    const result = await cli.run([
      'create',
      '--prompt',
      'a fox',
      '--model',
      'gemini-omni',
      '--duration',
      '8s',
      '--resolution',
      '1080p',
      '--aspect-ratio',
      '9:16',
      '--image',
      'https://example.com/a.png',
      '--mode',
      'frame',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const creates = cli.requestsTo('create').slice(before);
    expect(creates.map((r) => r.body)).toEqual([
      {
        model: 'Gemini-Omini',
        prompt: 'a fox',
        duration: 8,
        resolution: '1080p',
        aspect_ratio: '9:16',
        image_urls: ['https://example.com/a.png'],
        generation_type: 'frame',
      },
    ]);
  });

  test('sends repeated --image and --video as lists, without a duration', async () => {
    const before = cli.requestsTo('create').length;
    const result = await cli.run([
      'create',
      '--prompt',
      'a fox',
      '--orientation',
      'portrait',
      '--image',
      'https://example.com/1.png',
      '--image',
      'https://example.com/2.png',
      '--image',
      'https://example.com/3.png',
      '--video',
      'https://example.com/ref.mp4',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(cli.requestsTo('create').slice(before)[0]?.body).toEqual({
      model: 'Gemini-Omini',
      prompt: 'a fox',
      orientation: 'portrait',
      image_urls: [
        'https://example.com/1.png',
        'https://example.com/2.png',
        'https://example.com/3.png',
      ],
      video_urls: ['https://example.com/ref.mp4'],
    });
  });

  test('without --out, prints the video link on stdout and how to save it', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox']);
    expect(result.code, result.stderr).toBe(0);
    const id = createdTaskId(result.stderr);
    expect(result.stdout).toMatch(new RegExp(`^${cli.sandbox.url}/media/${id}\\.mp4\\?\\S+\\n$`));
    expect(result.stderr).toContain(`omni download ${id} --out video.mp4`);
    expect(result.stderr).toMatch(/The link works until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  test('notes a flag the request drops, and still succeeds', async () => {
    const result = await cli.run([
      'generate',
      '--prompt',
      'a fox',
      '--aspect-ratio',
      '16:9',
      '--orientation',
      'portrait',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'Note: --orientation: not sent: aspect_ratio takes precedence over orientation.',
    );
  });

  test('refuses to overwrite an existing --out before creating anything', async () => {
    const out = join(dir, 'exists.mp4');
    await writeFile(out, 'keep me');
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['generate', '--prompt', 'a fox', '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`--out: ${out} already exists; pass --overwrite to replace it`);
    expect(cli.sandbox.requests.length).toBe(before);
    expect(await readFile(out, 'utf8')).toBe('keep me');

    const replaced = await cli.run(['generate', '--prompt', 'a fox', '--out', out, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await readFile(out)).toEqual(sample);
  });

  test('--dry-run prints the wire body and sends nothing', async () => {
    const before = cli.sandbox.requests.length;
    const result = await cli.run([
      'generate',
      '--prompt',
      'a fox',
      '--model',
      'omni-10s',
      '--duration',
      '6',
      '--dry-run',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ model: 'omni-10s', prompt: 'a fox' });
    expect(result.stderr).toContain(
      'Note: --duration: not sent: omni-10s ignores it and is always 10 s at 720p',
    );
    expect(result.stderr).toContain('Valid request (omni-10s, 10 s, 720p); nothing was sent.');
    expect(cli.sandbox.requests.length).toBe(before);
  });
});

describe('generate without a key', () => {
  test('runs on an embedded sandbox, says so, and saves a real MP4 (making its folder)', async () => {
    // As `npm start` does on a fresh clone: out/ does not exist yet.
    const out = join(dir, 'out', 'demo.mp4');
    const before = cli.sandbox.requests.length;
    const result = await runCli(['generate', '--prompt', 'a fox', '--out', out], { env: {} });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^Note: JIMMYAI_API_KEY is not set, so this runs on an embedded sandbox of the API \(http:\/\/127\.0\.0\.1:\d+\): nothing is sent to JimmyAI, nothing is billed/,
    );
    const video = await readFile(out);
    expect(video).toEqual(sample);
    expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // The demo shows progress: several steps between queued and completed.
    const steps = result.stderr.match(/^\[\d+:\d\d\] processing \d+%(, .* left)?$/gm) ?? [];
    expect(steps.length).toBeGreaterThanOrEqual(4);
    // Nothing reached this file's sandbox: the embedded one served the demo.
    expect(cli.sandbox.requests.length).toBe(before);
  });

  test('ignores JIMMYAI_BASE_URL without a key, and says so', async () => {
    const before = cli.sandbox.requests.length;
    const result = await runCli(['generate', '--prompt', 'a fox'], {
      env: { JIMMYAI_BASE_URL: cli.sandbox.url },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('JIMMYAI_BASE_URL is ignored without a key.');
    expect(result.stderr).toContain('the embedded sandbox stops when this command ends');
    expect(cli.sandbox.requests.length).toBe(before);
  });
});
