/** Markdown tables for the benchmarks' output: first column left-aligned, the rest right-aligned. */

/** Formats `rows` under `header` as a Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    '| ' +
    widths
      .map((w, i) => (i === 0 ? (cells[i] ?? '').padEnd(w) : (cells[i] ?? '').padStart(w)))
      .join(' | ') +
    ' |';
  const rule =
    '| ' +
    widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') +
    ' |';
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The median of `values` (not modified). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The `q` quantile of `values` (linear interpolation; not modified). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** `met` or `NOT met`, for target lines. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
