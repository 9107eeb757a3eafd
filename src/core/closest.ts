/** "Did you mean ...?": the nearest known name to a mistyped one. */

/**
 * The known name nearest to `name`, if any: equal but for case, within `maxDistance`
 * edits (ignoring case), or a prefix of at least 3 characters. Ties go to the first.
 *
 * @example
 * closest('promt', ['prompt', 'model']); // 'prompt'
 * closest('apikey', ['apiKey', 'baseUrl']); // 'apiKey'
 */
export function closest(
  name: string,
  known: readonly string[],
  maxDistance = 2,
): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const d =
      other === lower
        ? 0
        : other.startsWith(lower) && name.length >= 3
          ? 1
          : distance(lower, other);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] as number;
}
