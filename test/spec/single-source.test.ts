/**
 * The spec is the one place a fact of the API is written (issue 17). Code, not
 * comments, is searched: JSDoc and `@example`s may name a model or a path for the
 * reader; a string literal, a template or an expression in src/ (or in the test
 * helpers) may not, since a copy does not follow the spec when it changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { CREATE_FIELDS, MODEL_ALIASES } from '../../src/core/facts.js';

const root = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every piece of code (string literals, templates, expressions) in a file, with its line; no comments. */
const parsed = new Map<string, Array<{ text: string; line: number }>>();
function codeTexts(file: string): Array<{ text: string; line: number }> {
  const cached = parsed.get(file);
  if (cached) return cached;
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const out: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateLiteralToken(node) ||
      ts.isBinaryExpression(node) ||
      ts.isNumericLiteral(node)
    ) {
      // getText() of a binary expression can hold comments inside it; strip them.
      const text = ts.isBinaryExpression(node)
        ? node.getText(source).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        : node.getText(source);
      out.push({
        text,
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  parsed.set(file, out);
  return out;
}

function occurrences(dirs: string[], needle: RegExp): string[] {
  return dirs.flatMap(tsFiles).flatMap((file) =>
    codeTexts(file)
      .filter(({ text }) => needle.test(text))
      .map(({ line, text }) => `${file}:${line}: ${text.slice(0, 80)}`),
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('no copy of a fact of the spec in code', () => {
  // Every model and alias the spec names (CreateVideoRequest.model's enum).
  const models = [...(CREATE_FIELDS.model?.enum ?? []), ...Object.keys(MODEL_ALIASES)].map(String);

  test('the spec names models (the search below means something)', () => {
    expect(models.length).toBeGreaterThanOrEqual(2);
  });

  test('no model name in src/ outside comments', () => {
    const needle = new RegExp(`(^|[^\\w-])(${models.map(escape).join('|')})(?![\\w-])`);
    expect(occurrences(['src'], needle)).toEqual([]);
  });

  test.each([
    ['an envelope code', /\b2000[12]\b/],
    ['the upload limit', /100\s*\*\s*1024/],
    ['an upload extension', /^['"`]\.mp4['"`]$/],
    ['the link lifetime', /\b3\s*\*\s*24\b/],
    ['an API path', /\/api\/open-api/],
  ])('%s is written once, in the spec', (_, needle) => {
    expect(occurrences(['src', 'test/helpers'], needle)).toEqual([]);
  });

  test('the search finds a copy when there is one', () => {
    // This very file holds the needles as code: the search must see them.
    expect(occurrences(['test/spec'], /\/api\/open-api/).length).toBeGreaterThan(0);
  });
});
