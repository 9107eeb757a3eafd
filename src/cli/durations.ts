/** Durations as people write them (`20m`, `90s`, `1h30m`, `1500`) and as they read them. */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds from `20m`, `90s`, `1h`, `1h30m`, `500ms` or a plain number of
 * milliseconds; `undefined` when the text is none of those or not above zero.
 *
 * @example
 * parseDuration('20m'); // 1200000
 * parseDuration('1500'); // 1500
 * parseDuration('soon'); // undefined
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(t)) ms = Number(t);
  else if (/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(t)) {
    ms = 0;
    // `ms` before `m`, so `500ms` is not read as 500 minutes and an `s`.
    for (const [, n, unit] of t.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
      ms += Number(n) * (UNIT_MS[unit as string] as number);
  } else return undefined;
  return Number.isFinite(ms) && ms >= 1 ? Math.round(ms) : undefined;
}

/**
 * A duration in its shortest exact form, for messages.
 *
 * @example
 * formatDuration(1_200_000); // '20m'
 * formatDuration(90_000); // '90s'
 */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * Elapsed time as a clock reads: `0:07`, `12:03`, `1:02:03`.
 *
 * @example
 * formatElapsed(65_000); // '1:05'
 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * A predicted time left, as people say it: rounded coarser the further it is, since a
 * prediction is not precise to the second.
 *
 * @example
 * formatTimeLeft(80_000); // 'about 1 min 20 s left'
 * formatTimeLeft(3_900_000); // 'about 1 h 5 min left'
 * formatTimeLeft(4_000); // 'a few seconds left'
 */
export function formatTimeLeft(ms: number): string {
  if (!(ms >= 10_000)) return 'a few seconds left';
  if (ms < 60_000) return `about ${Math.round(ms / 5000) * 5} s left`;
  if (ms < 3_600_000) {
    // To the nearest 10 s: "1 min 20 s", or "2 min" on the minute.
    const tens = Math.round(ms / 10_000);
    const m = Math.floor(tens / 6);
    const s = (tens % 6) * 10;
    return `about ${m} min${s ? ` ${s} s` : ''} left`;
  }
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''} left`;
}
