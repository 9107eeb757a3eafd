/**
 * Input is checked before anything is sent: every problem (flags and request rules)
 * is listed at once with the flag it concerns, and the sandbox sees no request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox, runCli } from '../helpers/cli.js';

const cli = await cliSandbox();
const PROVIDER = " (the provider's documented rule)";

/** Runs a command line that must fail with exit 2 before sending anything. */
async function rejected(argv: string[], env?: Record<string, string | undefined>) {
  const before = cli.sandbox.requests.length;
  const result = await cli.run(argv, env ? { env } : {});
  expect(result.code, result.stderr).toBe(2);
  expect(cli.sandbox.requests.length).toBe(before);
  expect(result.stdout).toBe('');
  return result.stderr;
}

describe('request rules', () => {
  test('lists every broken rule under its flag, and sends nothing', async () => {
    const stderr = await rejected([
      'generate',
      '--prompt',
      ' ',
      '--model',
      'gemini-2',
      '--duration',
      '7',
      '--resolution',
      '8k',
      '--aspect-ratio',
      'wide',
      '--orientation',
      'sideways',
      '--image',
      'not-a-url',
      '--image',
      'ftp://example.com/a.png',
      '--mode',
      'sketch',
      '--timeout',
      'soon',
    ]);
    expect(stderr).toBe(
      [
        'Error: Invalid input; nothing was sent:',
        // A value without a scheme is a local file, to upload: it must exist.
        '  --image: cannot be read: no such file (not-a-url)',
        `  --model: must be one of "Gemini-Omini", "Omni-Flash-Ext", "gemini-omni", "omni-10s"; got "gemini-2"${PROVIDER}`,
        "  --prompt: must contain a non-blank character (this SDK's decision: the provider requires a prompt; a blank one is refused)",
        `  --duration: must be one of 4, 6, 8, 10; got 7${PROVIDER}`,
        `  --resolution: must be one of "720p", "1080p", "4k"; got "8k"; did you mean 4k?${PROVIDER}`,
        `  --aspect-ratio: must be width:height in positive whole numbers, such as 16:9; got "wide" (this SDK's decision: any W:H is accepted; the provider documents 16:9 and 9:16)`,
        `  --orientation: must be one of "landscape", "portrait"; got "sideways"${PROVIDER}`,
        `  --image (image_urls[1]): must be an absolute http:// or https:// URL; got "ftp://example.com/a.png" (this SDK's decision: only absolute http and https URLs are references; file:, data: and javascript: are refused)`,
        `  --mode (generation_type): must be one of "frame", "reference"; got "sketch"${PROVIDER}`,
        // An unknown mode counts as the default, reference mode, whose rule then applies.
        "  --image (image_urls): must hold 0, 1 or 3 images in reference mode, not 2 (this SDK's decision: the provider documents 1 or 3 reference images and is silent on 2, which resellers of the same model refuse)",
        '  --timeout: must be a duration such as 90s, 20m, 1h or a number of milliseconds; got "soon"',
        "Run 'omni generate --help' for usage.",
        '',
      ].join('\n'),
    );
  });

  test('reports cross-field rules with the flags involved', async () => {
    const stderr = await rejected([
      'create',
      '--prompt',
      'a fox',
      '--duration',
      '8',
      '--video',
      'https://example.com/a.mp4',
      '--mode',
      'frame',
    ]);
    expect(stderr).toContain(
      "  --duration: must not be sent together with video_urls: the reference video sets the length (the provider's documented rule)",
    );
    expect(stderr).toContain('  --image (image_urls): must hold exactly 1 image in frame mode');
  });

  test('a missing --prompt is required', async () => {
    expect(await rejected(['generate'])).toContain(`  --prompt: is required${PROVIDER}\n`);
  });

  test('an existing --out, a directory, or a file in the way is refused before sending', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'omni-out-')), 'plain-file');
    writeFileSync(file, '');
    const stderr = await rejected([
      'generate',
      '--prompt',
      'a fox',
      '--out',
      `${file}/sub/fox.mp4`,
    ]);
    expect(stderr).toContain(`  --out: ${file} is a file, not a directory`);
    expect(await rejected(['wait', 'task_1', '--out', '/tmp'])).toContain(
      '  --out: /tmp is a directory',
    );
  });
});

describe('flags', () => {
  test('unknown flags are errors that say so, with a suggestion, listed with the other issues', async () => {
    const stderr = await rejected([
      'generate',
      '--promt',
      'a fox',
      '--resolutin',
      '4k',
      '--duration',
      '5',
    ]);
    expect(stderr).toContain(
      "  --promt: unknown flag for 'omni generate'; did you mean --prompt?\n",
    );
    expect(stderr).toContain(
      "  --resolutin: unknown flag for 'omni generate'; did you mean --resolution?\n",
    );
    expect(stderr).toContain(`  --prompt: is required${PROVIDER}\n`);
    expect(stderr).toContain(`  --duration: must be one of 4, 6, 8, 10; got 5${PROVIDER}\n`);
    // The unknown flags' values are not reported as stray arguments.
    expect(stderr).not.toContain('takes no arguments');
  });

  test('a flag of another command is unknown here', async () => {
    expect(await rejected(['status', 'task_1', '--out', 'x.mp4'])).toContain(
      "  --out: unknown flag for 'omni status'",
    );
  });

  test('a flag without its value, or swallowing the next flag, says so', async () => {
    expect(await rejected(['generate', '--prompt'])).toContain('  --prompt: needs a value\n');
    expect(await rejected(['generate', '--prompt', '--json'])).toContain(
      '  --prompt: needs a value, not the flag --json (for a value that starts with -, write --prompt=--json)',
    );
  });

  test('a switch given a value, and stray arguments, are errors', async () => {
    expect(await rejected(['generate', '--prompt', 'a fox', '--json=yes'])).toContain(
      '  --json: takes no value',
    );
    expect(await rejected(['generate', '--prompt', 'a', 'fox'])).toContain(
      "  fox: 'omni generate' takes no arguments (did you forget to quote a value?)",
    );
    expect(await rejected(['status', 'task_1', 'task_2'])).toContain(
      "  task_2: 'omni status' takes 1 argument",
    );
  });

  test('the key is never a flag: --api-key is refused, saying why', async () => {
    expect(await rejected(['create', '--prompt', 'a fox', '--api-key', 'sk_live_123'])).toContain(
      '  --api-key: is not a flag: the key is read from JIMMYAI_API_KEY only, since a flag would show it in the process list',
    );
  });

  test('a value starting with a dash can be given with =', async () => {
    const result = await cli.run(['generate', '--prompt=-a fox on the run-', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).prompt).toBe('-a fox on the run-');
  });
});

describe('configuration', () => {
  test.each([
    ['create', '--prompt', 'a fox'],
    ['status', 'task_1'],
    ['wait', 'task_1'],
    ['download', 'task_1', '--out', 'x.mp4'],
  ])('without a key, %s fails with exit 2 and says how to set it', async (...argv) => {
    for (const env of [{ JIMMYAI_API_KEY: undefined }, { JIMMYAI_API_KEY: '   ' }]) {
      const stderr = await rejected(argv, env);
      expect(stderr).toMatch(
        /^Error: JIMMYAI_API_KEY is not set\. Set it to your JimmyAI key \(export JIMMYAI_API_KEY=sk_\.\.\.\)/,
      );
      expect(stderr).toContain("run 'omni sandbox'");
    }
  });

  test('a JIMMYAI_BASE_URL that would send the key in clear text is refused', async () => {
    expect(
      await rejected(['status', 'task_1'], { JIMMYAI_BASE_URL: 'http://api.example.com' }),
    ).toContain(
      '  JIMMYAI_BASE_URL: must use https (plain http is allowed only for a loopback host such as 127.0.0.1)',
    );
  });
});
