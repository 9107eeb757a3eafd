/**
 * Start-up cost: a fresh Node process that imports the SDK's bundle and constructs a
 * client, against a process that runs an empty module. Runs are interleaved (empty, SDK,
 * empty, SDK, ...) so load on the machine hits both alike; medians of wall time
 * (spawn to exit), and the child's own measure of `import()` + `new Omni()`.
 *
 * A third process only touches `Headers`: Node 20 loads its fetch implementation (undici)
 * lazily, on first use of `fetch`/`Headers`/`Request`, and any app that calls fetch pays
 * that once; the SDK pays it at import (see the RESULTS.md note).
 *
 * The bundle is built fresh into a temporary folder with scripts/build.mjs's esbuild
 * options (so dist/ is neither required nor touched: `build.mjs --js-only` would delete
 * dist/types under other work). When dist/index.js exists it is measured too, as found.
 *
 *   node scripts/run-ts.mjs bench/startup.ts [--runs 30] [--compare other/dist/index.js]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/build-options.mjs';
import { BEFORE_COMMIT, beforeTree } from './before.js';
import { median, table, verdict } from './table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The issue's target: at most this many ms over an empty process. */
const TARGET_MS = 30;

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

const runs = argument('runs') ?? 30;
const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'omni-startup-'));
// The build before issue 18's pipeline, built in this run and measured interleaved.
const before = await beforeTree(BEFORE_COMMIT);
try {
  // Exactly the published bundles' options (scripts/build-options.mjs).
  await build({ absWorkingDir: ROOT, ...bundleOptions(join(dir, 'dist')) });

  // Each child reports how long its own import + construction took (ms).
  const probe = (bundle: string) =>
    `const t0 = performance.now();\n` +
    `const { Omni } = await import(${JSON.stringify(pathToFileURL(bundle).href)});\n` +
    `new Omni({ apiKey: 'sk_startup_bench' });\n` +
    `process.stdout.write(String(performance.now() - t0));\n`;
  const scripts: Array<{ name: string; file: string; source: string }> = [
    { name: 'empty module', file: join(dir, 'empty.mjs'), source: '' },
    {
      name: "empty + Node's fetch loaded (new Headers())",
      file: join(dir, 'undici.mjs'),
      source:
        'const t0 = performance.now();\nnew Headers();\n' +
        'process.stdout.write(String(performance.now() - t0));\n',
    },
    {
      name: 'import + new Omni() (fresh build)',
      file: join(dir, 'fresh.mjs'),
      source: probe(join(dir, 'dist', 'index.js')),
    },
  ];
  // The SDK's own share: Node's fetch already loaded, the child times the import alone.
  scripts.push({
    name: "Node's fetch loaded, then import + new Omni()",
    file: join(dir, 'after-undici.mjs'),
    source: `new Headers();\n${probe(join(dir, 'dist', 'index.js'))}`,
  });
  const distIndex = join(ROOT, 'dist', 'index.js');
  const distBuilt = existsSync(distIndex) ? statSync(distIndex).mtime : undefined;
  if (distBuilt)
    scripts.push({
      name: 'import + new Omni() (dist/index.js, as found)',
      file: join(dir, 'dist.mjs'),
      source: probe(distIndex),
    });
  // --compare <bundle>: another build's entry (an older commit's dist/index.js, say),
  // interleaved with the rest, so a before/after is measured under the same load.
  const compareAt = process.argv.indexOf('--compare');
  const compare = compareAt >= 0 ? process.argv[compareAt + 1] : undefined;
  if (compare)
    scripts.push({
      name: `import + new Omni() (${compare})`,
      file: join(dir, 'compare.mjs'),
      source: probe(compare),
    });
  const BEFORE = scripts.length;
  scripts.push({
    name: `import + new Omni() (before: ${BEFORE_COMMIT})`,
    file: join(dir, 'before.mjs'),
    source: probe(before.distIndex),
  });
  for (const s of scripts) writeFileSync(s.file, s.source);
  const SDK = 2;

  const wall = scripts.map(() => [] as number[]);
  const inside = scripts.map(() => [] as number[]);
  const once = (i: number) => {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [scripts[i]!.file], { encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (child.status !== 0) throw new Error(`${scripts[i]!.name} failed: ${child.stderr}`);
    return { ms, inside: Number(child.stdout) };
  };
  for (let i = 0; i < scripts.length; i++) once(i); // warm the file cache
  for (let r = 0; r < runs; r++)
    for (let k = 0; k < scripts.length; k++) {
      const i = (r + k) % scripts.length;
      const result = once(i);
      wall[i]!.push(result.ms);
      if (i > 0) inside[i]!.push(result.inside);
    }

  const empty = median(wall[0]!);
  console.log(
    `Start-up: median of ${runs} interleaved runs per row, Node ${process.version}` +
      `${distBuilt ? `; dist/index.js built ${distBuilt.toISOString()}` : '; no dist/ found'}\n`,
  );
  console.log(
    table(
      ['process', 'wall ms', '+ms vs empty', 'ratio', 'ms measured in the child'],
      scripts.map((s, i) => [
        s.name,
        median(wall[i]!).toFixed(1),
        i === 0 ? '' : `+${(median(wall[i]!) - empty).toFixed(1)}`,
        (median(wall[i]!) / empty).toFixed(2),
        i === 0 ? '' : median(inside[i]!).toFixed(1),
      ]),
    ),
  );
  const extra = median(wall[SDK]!) - empty;
  const overFetch = median(wall[SDK]!) - median(wall[1]!);
  console.log(
    `\nTarget: ≤ +${TARGET_MS} ms over an empty process: ${verdict(extra <= TARGET_MS)} ` +
      `(+${extra.toFixed(1)} ms, ×${(median(wall[SDK]!) / empty).toFixed(2)}); ` +
      `over a process that loaded Node's fetch: +${overFetch.toFixed(1)} ms.`,
  );
  const now = median(wall[SDK]!);
  const then = median(wall[BEFORE]!);
  console.log(
    `Target: no slower than the build before (${BEFORE_COMMIT}): ${verdict(now <= then)} ` +
      `(${now.toFixed(1)} ms against ${then.toFixed(1)} ms, ×${(now / then).toFixed(2)}; ` +
      `in the child ${median(inside[SDK]!).toFixed(1)} against ${median(inside[BEFORE]!).toFixed(1)} ms).`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  before.close();
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
