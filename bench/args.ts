/** Command-line arguments of the benchmarks: `--name value`. */

/**
 * The number after `--name`, or `undefined` when it is missing or not a finite number
 * (not above zero, with `positive`).
 *
 * @example
 * const tasks = numberArgument('tasks') ?? 10_000; // node bench/x.ts --tasks 500
 */
export function numberArgument(
  name: string,
  options: { positive?: boolean } = {},
): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && (!options.positive || value > 0) ? value : undefined;
}
