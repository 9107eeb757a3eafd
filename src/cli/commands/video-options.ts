/**
 * The flags of a create request (`omni generate`, `omni create`), each mirroring an
 * API field, and their checking: every problem, flags and request rules alike, is
 * reported at once, with the flag it concerns, before anything is sent.
 */
import type { Omni } from '../../client.js';
import { ValidationError } from '../../errors.js';
import type { CreateVideoParams, PreparedRequest } from '../../request/prepare.js';
import { closest } from '../../closest.js';
import type { OptionSpecs, Values } from '../args.js';
import type { Context } from '../command.js';
import { offlineClient } from '../connect.js';
import type { InputIssue } from '../usage-error.js';
import { checkLocalFile, uploadWithProgress } from './upload.js';

/** The model used when `--model` is not given. */
export const DEFAULT_MODEL = 'Gemini-Omini';

/** The create-request flags. */
export const VIDEO_OPTIONS = {
  prompt: { type: 'string', placeholder: 'TEXT', description: 'What the video shows (required)' },
  model: {
    type: 'string',
    placeholder: 'NAME',
    description: `Gemini-Omini (default), omni-10s, or the aliases Omni-Flash-Ext, gemini-omni`,
  },
  duration: {
    type: 'string',
    placeholder: 'SECONDS',
    description: 'Video length: 4, 6 (default), 8 or 10; not with --video',
  },
  resolution: { type: 'string', placeholder: 'RES', description: '720p (default), 1080p or 4k' },
  'aspect-ratio': {
    type: 'string',
    placeholder: 'W:H',
    description: 'Aspect ratio such as 16:9 or 9:16; wins over --orientation',
  },
  orientation: {
    type: 'string',
    placeholder: 'ORIENT',
    description: 'landscape (16:9) or portrait (9:16)',
  },
  image: {
    type: 'string',
    multiple: true,
    placeholder: 'URL|FILE',
    description:
      'Reference image, a URL or a local file (uploaded first): 1 in frame mode, 1 or 3 in reference mode',
  },
  video: {
    type: 'string',
    multiple: true,
    placeholder: 'URL|FILE',
    // Collected as a list all the same, so that a second --video gets the rule's message.
    maxCount: 1,
    description:
      'Reference video (at most one): a URL or a local file (uploaded first); it sets the length',
  },
  mode: {
    type: 'string',
    placeholder: 'MODE',
    description: 'frame (the image is the first frame) or reference (default)',
  },
} as const satisfies OptionSpecs;

/** The API field each flag sets, for messages. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  prompt: '--prompt',
  model: '--model',
  duration: '--duration',
  resolution: '--resolution',
  aspect_ratio: '--aspect-ratio',
  orientation: '--orientation',
  image_urls: '--image',
  images: '--image',
  video_urls: '--video',
  generation_type: '--mode',
};

/**
 * Where an API field path is set on the command line: `--duration`, or
 * `--image (image_urls[1])` where the names differ.
 *
 * @example
 * flagOf('generation_type'); // '--mode (generation_type)'
 */
export function flagOf(path: string): string {
  const field = /^[a-z_]+/.exec(path)?.[0] ?? '';
  const flag = FLAG_OF_FIELD[field];
  if (!flag) return path;
  // The API name only where it says more than the flag (`--aspect-ratio` is aspect_ratio).
  return flag.slice(2).replaceAll('-', '_') === field && path === field
    ? flag
    : `${flag} (${path})`;
}

/** The request the flags describe. `--duration` takes `8` or `8s`. */
export function videoParams(values: Partial<Values<typeof VIDEO_OPTIONS>>): CreateVideoParams {
  const params: Record<string, unknown> = {
    model: values.model ?? DEFAULT_MODEL,
    prompt: values.prompt,
  };
  if (values.duration !== undefined) {
    const seconds = /^\s*(\d+)\s*s?\s*$/i.exec(values.duration)?.[1];
    // An unreadable value is passed on as written: the request rules then say what is allowed.
    params.duration = seconds === undefined ? values.duration : Number(seconds);
  }
  if (values.resolution !== undefined) params.resolution = values.resolution;
  if (values['aspect-ratio'] !== undefined) params.aspect_ratio = values['aspect-ratio'];
  if (values.orientation !== undefined) params.orientation = values.orientation;
  if (values.image?.length) params.image_urls = values.image;
  if (values.video?.length) params.video_urls = values.video;
  if (values.mode !== undefined) params.generation_type = values.mode;
  return params as CreateVideoParams;
}

/** A `--image`/`--video` value that names a local file, and where it goes in the request. */
export interface LocalReference {
  field: 'image_urls' | 'video_urls';
  index: number;
  path: string;
}

// A value with a scheme (`https:`, `file:`, `data:`) is a URL, for the request rules to
// judge; anything else (`./cat.png`, `C:\\cat.png`, `cat.png`) is a file on this machine.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * The local files among the references, to upload before the request is sent.
 *
 * @example
 * localReferences({ model: 'Gemini-Omini', prompt: 'x', image_urls: ['./cat.png'] });
 * // [{ field: 'image_urls', index: 0, path: './cat.png' }]
 */
export function localReferences(params: CreateVideoParams): LocalReference[] {
  const found: LocalReference[] = [];
  for (const field of ['image_urls', 'video_urls'] as const)
    (params[field] ?? []).forEach((value, index) => {
      if (!HAS_SCHEME.test(value)) found.push({ field, index, path: value });
    });
  return found;
}

/** The request with each local file replaced by a URL (`urlOf` gives it). */
export function withUploads(
  params: CreateVideoParams,
  locals: readonly LocalReference[],
  urlOf: (local: LocalReference) => string,
): CreateVideoParams {
  const out: Record<string, unknown> = { ...params };
  for (const local of locals) {
    const list = [...((out[local.field] as string[] | undefined) ?? [])];
    list[local.index] = urlOf(local);
    out[local.field] = list;
  }
  return out as CreateVideoParams;
}

/**
 * Stands for a local file in the request until it is uploaded: a URL the rules accept,
 * on a reserved domain (RFC 2606) that can never be fetched.
 */
export const placeholderUrl = (local: LocalReference) =>
  `https://upload.invalid/${encodeURIComponent(local.path.split(/[\\/]/).pop() ?? 'file')}`;

/**
 * Validates the request with the SDK's `prepare`, adding each broken rule to `issues`
 * under its flag. Returns the prepared request when there is none. Local files are
 * checked as the upload will check them, and stand in the request as
 * {@link placeholderUrl}s until they are uploaded.
 */
export async function checkVideoRequest(
  params: CreateVideoParams,
  issues: InputIssue[],
): Promise<PreparedRequest | undefined> {
  const locals = localReferences(params);
  for (const local of locals)
    await checkLocalFile(local.path, local.field === 'image_urls' ? '--image' : '--video', issues);
  return checkVideoParams(withUploads(params, locals, placeholderUrl), issues);
}

/**
 * Uploads the local files among the references (progress on stderr), then returns
 * the request with their URLs in place.
 */
export async function uploadReferences(
  ctx: Context,
  omni: Omni,
  params: CreateVideoParams,
): Promise<CreateVideoParams> {
  const locals = localReferences(params);
  const urls = new Map<LocalReference, string>();
  for (const local of locals)
    urls.set(local, (await uploadWithProgress(ctx, omni, local.path)).url);
  return withUploads(params, locals, (local) => urls.get(local) as string);
}

/**
 * Validates the request with the SDK's `prepare`, adding each broken rule to `issues`
 * under its flag. Returns the prepared request when there is none.
 */
export function checkVideoParams(
  params: CreateVideoParams,
  issues: InputIssue[],
): PreparedRequest | undefined {
  try {
    return offlineClient().videos.prepare(params);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A flag already reported by the parser (`--prompt` without a value) says it once.
    const reported = new Set(issues.map((i) => i.where));
    for (const issue of error.issues) {
      const where = flagOf(issue.path) || '(request)';
      if (reported.has(where)) continue;
      // The value shows which of several was wrong, or what was written instead of a choice.
      const value = /^must be /.test(issue.message) ? valueAt(params, issue.path) : undefined;
      const guess = typeof value === 'string' ? suggestChoice(issue.message, value) : undefined;
      // What was given goes right after the rule, before whose rule it is.
      const [, rule, source = ''] = /^(.*?)( \((?:the provider's|this SDK's) .*\))?$/s.exec(
        issue.message,
      ) as RegExpExecArray;
      issues.push({
        where,
        message:
          `${rule}${value === undefined ? '' : `; got ${JSON.stringify(value)}`}` +
          `${guess ? `; did you mean ${guess}?` : ''}${source}`,
      });
    }
    return undefined;
  }
}

/**
 * The choice nearest to `value` when `message` lists the choices (`must be one of
 * "720p", "1080p", "4k"`, as prepare words an enum rule). Short values get a stricter
 * match, so that `480p` is not taken for `720p`.
 */
function suggestChoice(message: string, value: string): string | undefined {
  const list = /^must be one of (.+)$/.exec(message)?.[1];
  if (!list) return undefined;
  const choices = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
  return closest(value, choices, value.length < 5 ? 1 : 2);
}

function valueAt(params: CreateVideoParams, path: string): unknown {
  const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(path);
  if (!m || m[1] === 'prompt') return undefined;
  const value = (params as Record<string, unknown>)[m[1] as string];
  if (m[2] !== undefined) return Array.isArray(value) ? value[Number(m[2])] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
