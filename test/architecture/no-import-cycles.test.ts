/**
 * Promise: src/ has no import circles (issue 18). Every import counts: static, type-only,
 * re-exports and dynamic `import('./x.js')`, since each ties one module's meaning to
 * another's. generated/ is outside the walk: its files are written by the generator.
 */
import { relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { localImports, sourceFiles, SPECIFIER, SRC } from './imports.js';

/** The import graph of `files` (paths relative to `root`), local modules only. */
function importGraph(root: string, files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = localImports(file).filter((target) => known.has(target));
    graph.set(
      relative(root, file),
      targets.map((t) => relative(root, t)),
    );
  }
  return graph;
}

/** Every cycle's modules (strongly connected components of more than one module, or a self-import). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node))
        found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the cycle finder', () => {
  test('finds a circle of three, a self-import, and nothing in a tree', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    expect(
      cycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  test('reads every kind of import from source text', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "const d = await import('./d.js');",
      "import './e.js';",
      "import { f } from 'node:fs';",
    ].join('\n');
    expect([...text.matchAll(SPECIFIER)].map((m) => m[1])).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      './d.js',
      './e.js',
    ]);
  });
});

test('src/ has no import circles', () => {
  const graph = importGraph(SRC, sourceFiles(SRC));
  // The walk saw the modules whose circles issue 18 names.
  expect(graph.get('core/client.ts')).toContain('core/videos.ts');
  expect(graph.get('core/files/source.ts')).toContain('platform/node.ts');
  expect(cycles(graph)).toEqual([]);
});
