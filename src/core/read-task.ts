/**
 * Reading a task answer as a tolerant reader. The answer check (src/core/schemas.ts)
 * checks only what identifies the task, its id and status; everything else is read
 * here, leniently, because a field that does not matter must not make a finished task
 * look malformed: a poll that refuses a terminal snapshot would poll it again until
 * the deadline. The spec keeps describing what the provider documents; this is what
 * the SDK accepts from a service (or a gateway) that strays from it.
 */
import { KNOWN_TASK_STATUSES, LINK_LIFETIME_MS } from './facts.js';
import type { VideoTask, VideoTaskResult } from './generated.js';
import { VIDEO_TASK } from './schemas.js';
import { keepTyped } from './typed-fields.js';
import { taskPhase } from './wait/status.js';
import { jsonText } from './json-text.js';

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The documented statuses (from the spec), which are returned in lowercase whatever case they came in. */
const KNOWN_STATUSES: ReadonlySet<string> = new Set(KNOWN_TASK_STATUSES);

/**
 * The task as the SDK hands it out, from an answer's `data` whose `task_id` and
 * `status` are strings. Unknown fields are kept as they came. Fields of the wrong
 * type are read when their meaning is clear (`progress: "50"`, a date string for a
 * timestamp, an error object with a `message`) and otherwise left out (`null`). A
 * completed task's video URL is taken from `result.video_url`, else from `result.url`
 * or `result.mediaUrl` (the provider's FAQ names both), and a relative one is resolved
 * against `baseUrl`. The failure reason (`error_message`, `error_msg`, `reason`) is read
 * as text, at most {@link REASON_MAX_CHARS} characters whatever its depth, and passed
 * through `redact` (an error text, printed by TaskFailedError); nothing else is changed.
 * A time that is not a positive Unix time within the range of a Date is left out.
 *
 * @example
 * readTask({ task_id: 't', status: 'COMPLETED', progress: '100', result: { url: '/v/t.mp4' } }, 'https://www.jimmyai.cn');
 * // { task_id: 't', status: 'completed', progress: 100, result: { url: '/v/t.mp4', video_url: 'https://www.jimmyai.cn/v/t.mp4' } }
 */
export function readTask(
  data: Raw,
  baseUrl: string,
  redact: (text: string) => string = (text) => text,
): VideoTask {
  const task: Raw = { ...data };
  const status = String(data.status);
  const lower = status.trim().toLowerCase();
  task.status = KNOWN_STATUSES.has(lower) ? lower : status;
  if ('progress' in data) task.progress = readProgress(data.progress);
  if ('model' in data && typeof data.model !== 'string') delete task.model;
  if ('created_at' in data) {
    const created = readTimestamp(data.created_at);
    if (created === null) delete task.created_at;
    else task.created_at = created;
  }
  if ('completed_at' in data) task.completed_at = readTimestamp(data.completed_at);
  Object.assign(task, readFailureTexts(data, redact));
  if ('result' in data) task.result = readResult(data.result, baseUrl);
  // What is still of the wrong type after the lenient reading is left out (typed-fields.ts).
  return keepTyped<VideoTask>(VIDEO_TASK, task, data);
}

/**
 * The failure reasons of a task (`error_message`, `error_msg`, `reason`) that `data`
 * holds, each read as text (see {@link readTask}) and passed through `redact`: error
 * texts, which the SDK prints. The create answer goes through this too.
 *
 * @example
 * readFailureTexts({ task_id: 't', error_message: { message: 'no credit' } }, (t) => t);
 * // { error_message: 'no credit' }
 */
export function readFailureTexts(data: Raw, redact: (text: string) => string): Raw {
  const texts: Raw = {};
  for (const key of ['error_message', 'error_msg', 'reason'] as const)
    if (key in data) texts[key] = readText(data[key], redact);
  return texts;
}

/**
 * Why a completed task's result cannot be used, or `undefined` when it holds a video
 * URL to download (as {@link readTask} leaves it: absolute http or https).
 *
 * @example
 * resultProblem({ task_id: 't', status: 'completed', result: { video_url: 'ftp://x/v.mp4' } });
 * // 'its result has no usable video URL (result.video_url: "ftp://x/v.mp4")'
 */
export function resultProblem(task: VideoTask): string | undefined {
  if (taskPhase(task.status) !== 'succeeded') return undefined;
  const result = task.result as unknown;
  if (!isObject(result)) return `it has no result (result: ${describe(result)})`;
  const url = result.video_url;
  if (typeof url === 'string' && httpUrl(url)) return undefined;
  return typeof url === 'string'
    ? `its result has no usable video URL (result.video_url: ${describe(url)})`
    : 'its result has no video URL (no result.video_url, url or mediaUrl)';
}

function readProgress(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  // Beyond the range is a rounding or a gateway's quirk, not a reason to refuse the task.
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : null;
}

/**
 * The latest time a Date can hold (year 275760), less the 3 days a link lives: a later
 * completion would make `expiresAt` an Invalid Date.
 */
const MAX_TIME_MS = 8.64e15 - LINK_LIFETIME_MS;

/**
 * A Unix time as the API sends it (seconds or ms, see timestampMs), from a number or a
 * string; `null` for anything else, and for a time that is not positive (`0`, `-0`:
 * 1970 is no completion time) or beyond what a Date holds (`1e300`). The task is then
 * read as if the service had not said, so that a wrong time never fails a finished task.
 */
function readTimestamp(value: unknown): number | null {
  const numeric =
    typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
  const n = numeric ? Number(value) : value;
  // A fraction of a second (or of a millisecond) is dropped: the type is an integer.
  if (typeof n === 'number') return inRange(Math.floor(n)) ? Math.floor(n) : null;
  if (typeof value !== 'string') return null;
  // A date string (ISO 8601 or an HTTP date) becomes milliseconds, which timestampMs
  // tells apart from seconds by size.
  const ms = Date.parse(value);
  return inRange(ms) && ms > 1e11 ? ms : null;
}

/** A positive time whose milliseconds (see timestampMs) a Date can hold, link lifetime included. */
function inRange(n: number): boolean {
  return Number.isFinite(n) && n > 0 && (n > 1e11 ? n : n * 1000) <= MAX_TIME_MS;
}

/** The longest failure reason kept, when the service sent it as something else than a string. */
export const REASON_MAX_CHARS = 500;

/**
 * A failure reason as text: a string, an object's `message`, or the value as JSON (at
 * most REASON_MAX_CHARS, at any depth), redacted before it is cut so that no part of a
 * key survives the cut.
 */
function readText(value: unknown, redact: (text: string) => string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return redact(value);
  if (isObject(value) && typeof value.message === 'string') return redact(value.message);
  const text = redact(jsonText(value, REASON_MAX_CHARS * 2));
  return text.length > REASON_MAX_CHARS ? `${text.slice(0, REASON_MAX_CHARS)}…` : text;
}

function readResult(value: unknown, baseUrl: string): VideoTaskResult | null {
  if (!isObject(value)) return null;
  const result: Raw = { ...value };
  for (const candidate of [value.video_url, value.url, value.mediaUrl]) {
    const url = typeof candidate === 'string' ? resolve(candidate, baseUrl) : undefined;
    if (url) {
      result.video_url = url;
      break;
    }
  }
  // A video_url that is not a string is dropped (the type is a string); one that is a
  // string stays as sent when unusable, for the error to show it.
  if ('video_url' in result && typeof result.video_url !== 'string') delete result.video_url;
  if ('image_url' in value && typeof value.image_url !== 'string') result.image_url = null;
  return result as VideoTaskResult;
}

/** An absolute http(s) URL, resolving a relative one (an older answer's storage path) against the API. */
function resolve(candidate: string, baseUrl: string): string | undefined {
  if (candidate.trim() === '') return undefined;
  try {
    const url = new URL(candidate.trim(), `${baseUrl.replace(/\/*$/, '')}/`);
    return httpUrl(url.href) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function httpUrl(value: string): boolean {
  return /^https?:\/\/[^/]/i.test(value);
}

/** A server value for a message: JSON escapes control characters, and the length is bounded. */
function describe(value: unknown): string {
  return value === undefined ? 'missing' : jsonText(value, 120);
}
