/**
 * The code blocks of a Markdown file, as a reader copies them: every ```ts block (and
 * ```js cjs, a CommonJS block), with the info string's flags. `no-run` marks a block
 * that is checked by the type checker only (a fragment, or one that needs a real key).
 */
import { readFileSync } from 'node:fs';

/** One fenced block. */
export interface Snippet {
  /** `ts` or `js`. */
  lang: 'ts' | 'js';
  /** The words after the language: `no-run`, `cjs`. */
  flags: string[];
  code: string;
  /** Where it starts, for test names: `README.md:57`. */
  where: string;
  /** A file name for it: `README-57`. */
  name: string;
}

const FENCE = /^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm;

/**
 * The TypeScript and JavaScript blocks of `file` (a path relative to `root`).
 *
 * @example
 * const blocks = snippets(root, 'README.md');
 */
export function snippets(root: string, file: string): Snippet[] {
  const text = readFileSync(`${root}/${file}`, 'utf8');
  const found: Snippet[] = [];
  for (const m of text.matchAll(FENCE)) {
    const lang = m[1] === 'typescript' ? 'ts' : m[1];
    if (lang !== 'ts' && lang !== 'js') continue;
    const line = text.slice(0, m.index).split('\n').length;
    found.push({
      lang,
      flags: (m[2] ?? '').trim().split(/\s+/).filter(Boolean),
      code: m[3] ?? '',
      where: `${file}:${line}`,
      name: `${file.replace(/\W+/g, '-').replace(/-md$/, '')}-${line}`,
    });
  }
  return found;
}
