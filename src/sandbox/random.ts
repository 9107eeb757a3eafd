/** Seeded randomness: the sandbox is reproducible under a seed (task ids, jitter, faults). */
import { randomInt } from 'node:crypto';

/** A generator of floats in `[0, 1)`. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough to pick ids, jitter and faults. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One independent stream per concern, so that (say) turning random faults on does not
 * change the task ids a seed produces.
 */
export function stream(seed: number, index: number): Random {
  return mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}

/** A fresh seed when the caller gives none. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

// Crockford base32, as in the provider's ids (`task_01JD7Z6Q2M8V4`).
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A task id in the provider's shape: `task_` and 13 base32 characters. */
export function taskId(random: Random): string {
  let id = 'task_';
  for (let i = 0; i < 13; i++) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return id;
}
