/**
 * The drill (issue 17): a maintainer changes only spec/openapi.yaml and runs
 * `npm run generate`; the SDK, the CLI, the sandbox and the docs page must then agree
 * with the spec and with each other, with no edit in src/. A copy of the project (spec,
 * generator, src, config; node_modules linked) gets ONE combined change
 * (test/drill/change.ts: a new field with limits, a new fixed model with its own values
 * and reference limit, a removed enum value, a new response field, a new endpoint), is
 * regenerated once, typechecked, and asked by test/drill/check.ts what each part now
 * does.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  applyChange,
  NEW_ENDPOINT,
  NEW_FIELD,
  NEW_MODEL,
  NEW_RESPONSE_FIELD,
  REMOVED_VALUE,
} from './change.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const COPIED = [
  'spec',
  'generator',
  'src',
  'scripts/run-ts.mjs',
  'package.json',
  'tsconfig.json',
  'redocly.yaml',
  '.redocly.lint-ignore.yaml',
  '.prettierrc.json',
  '.prettierignore',
];

let dir: string;
let typecheck: { ok: boolean; output: string };
// What test/drill/check.ts reported from inside the copy.
let seen: Record<string, any>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omni-drill-'));
  for (const path of COPIED) await cp(join(root, path), join(dir, path), { recursive: true });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // At the same place in the copy: its relative imports reach the copy's src/ and generated/.
  for (const file of ['change.ts', 'check.ts'])
    await cp(join(import.meta.dirname, file), join(dir, 'test', 'drill', file));
  // The change, written into the copy's spec (the bundle is JSON, which is valid YAML).
  const bundled = JSON.parse(await readFile(join(root, 'generated', 'openapi.json'), 'utf8'));
  await writeFile(join(dir, 'spec', 'openapi.yaml'), JSON.stringify(applyChange(bundled), null, 2));

  // `npm run generate` in the copy: lint, hey-api (with the facts plugin), bundle, format.
  await run(process.execPath, ['generator/generate.mjs'], { cwd: dir });
  await writeFile(
    join(dir, 'tsconfig.drill.json'),
    JSON.stringify({ extends: './tsconfig.json', include: ['src', 'generated', 'test/drill'] }),
  );
  // The typecheck and the questions run side by side: the slowest steps of the drill.
  const [checked, answers] = await Promise.all([
    run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.drill.json'], { cwd: dir }).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? String(error) }),
    ),
    run(process.execPath, ['scripts/run-ts.mjs', 'test/drill/check.ts'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    }),
  ]);
  typecheck = checked;
  seen = JSON.parse(answers.stdout);
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('src/ compiles against the regenerated code with no edit', () => {
  expect(typecheck.output).toBe('');
  expect(typecheck.ok).toBe(true);
});

describe('the SDK and the sandbox agree on every changed rule', () => {
  const cases: Array<[string, boolean]> = [
    ['newModelFixedValues', true],
    ['newModelAtLimit', true],
    ['newModelOverLimit', false],
    ['newModelVideo', false],
    ['newFieldInRange', true],
    ['newFieldOutOfRange', false],
    ['removedValue', false],
    ['keptValue', true],
  ];
  test.each(cases)('%s: accepted %s by both', (name, accepted) => {
    const { prepare, sandbox } = seen.agreement[name];
    expect(prepare.accepted).toBe(accepted);
    expect(sandbox.status).toBe(accepted ? 200 : 400);
  });

  test('the new model: its fixed values are not sent, are reported, and are what it applies', () => {
    const { prepare } = seen.agreement.newModelFixedValues;
    expect(prepare.sent).toEqual({ model: NEW_MODEL.name, prompt: 'a fox in the snow' });
    expect(prepare.effective).toMatchObject({ model: NEW_MODEL.name, ...NEW_MODEL.fixed });
    expect(prepare.effective).not.toHaveProperty('generation_type');
    expect(prepare.warnings.map((w: { path: string }) => w.path)).toEqual([
      'duration',
      'resolution',
    ]);
    expect(prepare.warnings[0].message).toContain(`not sent: ${NEW_MODEL.name} ignores it`);
    expect(prepare.warnings[0].message).toContain("the provider's documented rule");
  });

  test('the new model: its reference limit and refused field, each named by its rule', () => {
    const over = seen.agreement.newModelOverLimit;
    expect(over.prepare.issues).toEqual([
      expect.objectContaining({
        path: 'image_urls',
        message: expect.stringContaining(
          `at most ${NEW_MODEL.maxReferences} references with ${NEW_MODEL.name}`,
        ),
      }),
    ]);
    expect(over.sandbox.msg).toContain(
      `${NEW_MODEL.name} takes at most ${NEW_MODEL.maxReferences} references`,
    );
    const video = seen.agreement.newModelVideo;
    expect(video.prepare.issues[0]).toMatchObject({ path: 'video_urls' });
    expect(video.prepare.issues[0].message).toContain(`is not accepted with ${NEW_MODEL.name}`);
    expect(video.sandbox.msg).toContain('does not take video_urls');
    expect(video.sandbox.msg).not.toContain('must NOT be valid');
  });

  test('the new field: sent when in range; out of range, named with its limit', () => {
    expect(seen.agreement.newFieldInRange.prepare.sent[NEW_FIELD.name]).toBe(NEW_FIELD.maximum);
    expect(seen.agreement.newFieldOutOfRange.prepare.issues).toEqual([
      expect.objectContaining({
        path: NEW_FIELD.name,
        message: expect.stringContaining(`at most ${NEW_FIELD.maximum}`),
      }),
    ]);
    expect(seen.agreement.newFieldOutOfRange.sandbox.msg).toContain(`/${NEW_FIELD.name}`);
  });

  test('the removed value: refused by both, and the SDK lists what is left', () => {
    const { prepare } = seen.agreement.removedValue;
    expect(prepare.issues).toEqual([
      expect.objectContaining({
        path: 'resolution',
        message: expect.stringMatching(/^must be one of "720p", "1080p" \(/),
        // The structured list the CLI reads follows the spec too.
        allowed: ['720p', '1080p'],
      }),
    ]);
  });
});

describe('the CLI follows the spec', () => {
  test('--help offers the new field and model, and no longer the removed value', () => {
    for (const help of [seen.cli.help.stdout, seen.cli.createHelp.stdout]) {
      expect(help).toContain(`--${NEW_FIELD.name} NUMBER`);
      expect(help).toContain(NEW_MODEL.name);
      expect(help).toMatch(/--resolution RES\s+720p \(default\) or 1080p\n/);
      expect(help).not.toContain(REMOVED_VALUE.value);
    }
  });

  test('the new flag is sent as the number it spells', () => {
    expect(seen.cli.dryRun.code).toBe(0);
    const event = seen.cli.dryRun.stdout
      .trim()
      .split('\n')
      .map((line: string) => JSON.parse(line))
      .find((e: { event: string }) => e.event === 'dry-run');
    expect(event.body[NEW_FIELD.name]).toBe(12);
  });

  test('a bad value of the new flag is a usage error naming the flag', () => {
    expect(seen.cli.badFlag.code).toBe(2);
    expect(seen.cli.badFlag.stderr).toContain(`--${NEW_FIELD.name}`);
    expect(seen.cli.badFlag.stderr).toContain('must be a');
  });

  test('the removed value is refused, with what is left', () => {
    expect(seen.cli.removedFlag.code).toBe(2);
    expect(seen.cli.removedFlag.stderr).toContain('must be one of "720p", "1080p"');
  });

  test('the new model through the CLI: its fixed duration is noted and not sent', () => {
    expect(seen.cli.newModelFlag.code).toBe(0);
    expect(seen.cli.newModelFlag.stderr).toContain(
      `--duration: not sent: ${NEW_MODEL.name} ignores it`,
    );
  });
});

describe('the new endpoint', () => {
  test('is callable at once through omni.request, and the sandbox answers it with its documented example', () => {
    // omni.request hands back the envelope's data, as every method does.
    expect(seen.endpoint).toEqual(NEW_ENDPOINT.answer.data);
  });

  test('the sandbox validates its parameters against the spec', () => {
    expect(seen.endpointBadId.status).toBe(400);
    expect(seen.endpointBadId.envelope.msg).toContain('taskId');
  });
});

test('the new response field: a number is handed back, a contradiction is left out but kept raw', () => {
  expect(seen.responseField.typed.task[NEW_RESPONSE_FIELD]).toBe(3);
  expect(seen.responseField.wrong.task).not.toHaveProperty(NEW_RESPONSE_FIELD);
  expect(seen.responseField.wrong.task).toMatchObject({ task_id: 'task_1', status: 'queued' });
  expect(seen.responseField.wrong.raw[NEW_RESPONSE_FIELD]).toBe('free');
});

test('the bundled docs spec holds the change', () => {
  expect(seen.docs.models).toContain(NEW_MODEL.name);
  expect(seen.docs.resolutions).not.toContain(REMOVED_VALUE.value);
  expect(seen.docs.paths).toContain(NEW_ENDPOINT.path);
  expect(seen.docs.fields).toContain(NEW_FIELD.name);
});
