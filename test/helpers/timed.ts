/** A call's outcome and how long it took in real time: for promises about deadlines. */

/**
 * Runs `run`, never throwing: its value or its error, and the milliseconds it took.
 *
 * @example
 * const { error, ms } = await timed(() => omni.videos.wait(id, { timeoutMs: 300 }));
 * expect(ms).toBeLessThan(1000);
 */
export async function timed<T>(
  run: () => Promise<T>,
): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  const outcome: { value?: T; error?: unknown } = await run().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, ms: performance.now() - start };
}
