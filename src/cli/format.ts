/** Small formatters shared by the commands' human output. */
import type { EffectiveRequest } from '../index.js';

/**
 * A byte count for people (SI units, as file managers show them).
 *
 * @example
 * formatBytes(34_567); // '34.6 kB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A date for people, in UTC so that it means the same on every machine.
 *
 * @example
 * formatDate(new Date(0)); // '1970-01-01 00:00 UTC'
 */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The request the service will run, in one line.
 *
 * @example
 * describeRequest(prepared.effective); // 'Gemini-Omini, 6 s, 720p, reference mode'
 */
export function describeRequest(effective: EffectiveRequest): string {
  const parts: string[] = [effective.model];
  if (effective.duration !== undefined) parts.push(`${effective.duration} s`);
  parts.push(effective.resolution);
  if (effective.aspect_ratio) parts.push(effective.aspect_ratio);
  if (effective.generation_type) parts.push(`${effective.generation_type} mode`);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (effective.image_urls.length > 0) parts.push(count(effective.image_urls.length, 'image'));
  if (effective.video_urls.length > 0) parts.push(count(effective.video_urls.length, 'video'));
  return parts.join(', ');
}
