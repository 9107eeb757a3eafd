/**
 * What a user gets from the registry: the tarball holds only what a user can use, and
 * the README (the package's page there) has no link that leads nowhere. npm renders it
 * without this repository's files, so a relative link is a dead one: every link is an
 * absolute https URL or an anchor to a heading of the README itself. And the Node
 * versions the README states: develop on the `.nvmrc` version, which every dev
 * dependency accepts; run the package on Node 20, which its engines and bundles target.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The README without its code blocks (a `[x](y)` in code is not a link). */
const prose = readme.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's (and npm's) anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('the tarball', () => {
  test('holds the bundles, their types, the spec, the README and package.json; nothing else', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('README.md');
    expect(files).toContain('generated/openapi.json');
    // The folder's own note for contributors ("written by npm run generate") is no use here.
    expect(files).not.toContain('generated/README.md');
    const allowed = /^(README\.md|package\.json|generated\/openapi\.json|dist\/.+)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });
});

describe('the README, as the registry shows it', () => {
  const links = [
    ...[...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]!),
    ...[...prose.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!),
    ...[...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
  ];
  const anchors = new Set(
    [...readme.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      slug(m[1]!),
    ),
  );

  test('every link is an absolute https URL or an anchor of the README', () => {
    const dead = links.filter((target) =>
      target.startsWith('#')
        ? !anchors.has(target.slice(1))
        : !/^https:\/\/[^/]+\.[^/]+/.test(target),
    );
    expect(dead).toEqual([]);
  });

  test('the check finds links (a relative one would be reported)', () => {
    const sample = '[examples](examples/README.md) and [ok](https://docs.jimmyai.cn/x)';
    const found = [...sample.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]);
    expect(found).toEqual(['examples/README.md', 'https://docs.jimmyai.cn/x']);
  });
});

describe('Node versions, as the README states them', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };

  test('the .nvmrc version satisfies every engines range of the dev dependencies', () => {
    const nvmrc = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    // The oldest release of that line that the README names: 24.0.0 for "24".
    const version = semver.coerce(nvmrc)!.version;
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refused = Object.entries(lock.packages)
      .map(([name, p]) => [name, Array.isArray(p.engines) ? undefined : p.engines?.node] as const)
      .filter(([, range]) => range && !semver.satisfies(version, range))
      .map(([name, range]) => `${name}: ${range}`);
    expect(refused).toEqual([]);
    expect(readme).toContain('Node 24 (`.nvmrc`)');
  });

  test('Node 20 does not satisfy them all (the EBADENGINE warnings the README explains)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    const ranges = Object.values(lock.packages).flatMap((p) =>
      typeof p.engines?.node === 'string' ? [p.engines.node] : [],
    );
    expect(ranges.some((r) => !semver.satisfies('20.20.0', r))).toBe(true);
  });

  test('the package itself runs on Node 20: its engines and its bundles say so', () => {
    expect(semver.satisfies('20.19.0', pkg.engines.node)).toBe(true);
    expect(semver.satisfies('20.18.0', pkg.engines.node)).toBe(false);
    expect(readFileSync(join(root, 'scripts/build-options.mjs'), 'utf8')).toContain(
      "target: 'node20'",
    );
    expect(process.version.startsWith('v20.') || semver.gte(process.version, '20.0.0')).toBe(true);
  });
});
