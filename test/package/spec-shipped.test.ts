/** The bundled spec ships in the package, for users who build their own tooling on it. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

test('npm pack includes generated/openapi.json, exported as jimmyai-omni/openapi.json', async () => {
  const root = resolve(import.meta.dirname, '../..');
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  expect(pack.files.map((f: { path: string }) => f.path)).toContain('generated/openapi.json');
  const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as {
    exports: Record<string, unknown>;
  };
  expect(pkg.exports['./openapi.json']).toBe('./generated/openapi.json');
});
