/**
 * Local files in the CLI: `omni upload FILE...` prints their URLs, and `--image` /
 * `--video` take a file on disk, upload it first (progress on stderr), then create.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox, runCli, SAMPLE_MP4, tempDir } from '../helpers/cli.js';

const cli = await cliSandbox();
const dir = await tempDir();
const sample = await readFile(SAMPLE_MP4);
const cat = join(dir, 'cat.png');
const big = join(dir, 'big.png');
await writeFile(cat, 'not really a png, but the name says it is');
await writeFile(big, Buffer.alloc(2_000_000, 1));

describe('omni upload', () => {
  test('prints each URL on stdout, the progress on stderr', async () => {
    const before = cli.sandbox.uploads.length;
    const result = await cli.run(['upload', cat, big]);
    expect(result.code, result.stderr).toBe(0);
    const urls = result.stdout.trim().split('\n');
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/up_\w+\.png\?/);
    expect(cli.sandbox.uploads.slice(before).map((u) => u.filename)).toEqual([
      'cat.png',
      'big.png',
    ]);
    expect(result.stderr).toContain(`Uploading ${big} (2.0 MB)...`);
    expect(result.stderr).toMatch(/ {2}50% of 2\.0 MB\n/);
    expect(result.stderr).toContain(`Uploaded ${cat}: ${urls[0]}`);
    expect(Buffer.from(await (await fetch(urls[1]!)).arrayBuffer()).length).toBe(2_000_000);
  });

  test('--json: one uploaded event per file, nothing else on stdout', async () => {
    const result = await cli.run(['upload', cat, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.events()).toEqual([
      {
        event: 'uploaded',
        file: cat,
        upload: { url: expect.any(String), filename: 'cat.png', size: 41, mime_type: 'image/png' },
      },
    ]);
  });

  test('every file is checked before anything is sent', async () => {
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'x');
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['upload', cat, notes, join(dir, 'missing.png')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/notes\.txt: .*has the extension \.txt/);
    expect(result.stderr).toMatch(/missing\.png: cannot be read: no such file/);
    expect(cli.sandbox.requests.length).toBe(before);
  });

  test('no file: a usage error', async () => {
    const result = await cli.run(['upload']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('FILE: is required');
  });
});

describe('--image and --video with local files', () => {
  test('generate uploads the image, creates in frame mode with its URL, and saves the video', async () => {
    const out = join(dir, 'cat.mp4');
    const creates = cli.requestsTo('create').length;
    const result = await cli.run([
      'generate',
      '--prompt',
      'the cat wakes up',
      '--image',
      cat,
      '--mode',
      'frame',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(out)).toEqual(sample);
    const uploaded = cli.sandbox.uploads.at(-1)!;
    const [create] = cli.requestsTo('create').slice(creates);
    const imageUrl = (create?.body as { image_urls: string[] }).image_urls[0]!;
    expect(new URL(imageUrl).pathname).toBe(`/media/${uploaded.name}`);
    expect(result.stderr).toContain(`Uploaded ${cat}: ${imageUrl}`);
    // The upload came first, then the create.
    expect(result.stderr.indexOf('Uploaded')).toBeLessThan(result.stderr.indexOf('Created task'));
  });

  test('create takes a local --video too, and mixes files with URLs', async () => {
    const clip = join(dir, 'clip.mp4');
    await writeFile(clip, sample);
    const creates = cli.requestsTo('create').length;
    const result = await cli.run(['create', '--prompt', 'restyle it', '--video', clip]);
    expect(result.code, result.stderr).toBe(0);
    const [create] = cli.requestsTo('create').slice(creates);
    expect((create?.body as { video_urls: string[] }).video_urls[0]).toMatch(
      /\/media\/up_\w+\.mp4\?/,
    );
  });

  test('a missing local file is reported with the flag, before anything is sent', async () => {
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['generate', '--prompt', 'x', '--image', './nope.png']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--image: cannot be read: no such file (./nope.png)');
    expect(cli.sandbox.requests.length).toBe(before);
  });

  test('--dry-run uploads nothing and says where the URL will go', async () => {
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['create', '--prompt', 'x', '--image', cat, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).image_urls).toEqual(['https://upload.invalid/cat.png']);
    expect(result.stderr).toContain(`Note: ${cat} is a local file: it would be uploaded first`);
    expect(cli.sandbox.requests.length).toBe(before);
  });

  test('the embedded sandbox (no key) takes local files as well', async () => {
    const out = join(dir, 'embedded.mp4');
    const result = await runCli(
      ['generate', '--prompt', 'x', '--image', cat, '--mode', 'frame', '--out', out],
      { env: {} },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Uploaded .*cat\.png: http:\/\/127\.0\.0\.1/);
  });
});

test('an aspect ratio other than 16:9 and 9:16 is sent, with a note that it may fail', async () => {
  const result = await cli.run(['create', '--prompt', 'x', '--aspect-ratio', '4:3', '--dry-run']);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(
    'Note: --aspect-ratio: sent as given, but the provider documents only 16:9 and 9:16, and says tasks fail on unsupported aspect ratios.',
  );
  expect(JSON.parse(result.stdout).aspect_ratio).toBe('4:3');
});
