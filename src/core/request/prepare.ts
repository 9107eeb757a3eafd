/**
 * `prepare`: a create request as the caller wrote it → the exact wire body, the
 * request the service will apply, and warnings. Pure: no I/O. Every rule is checked
 * and all violations are reported together, before anything is sent.
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import type {
  CreateVideoRequest,
  GenerationType,
  VideoDuration,
  VideoResolution,
} from '../generated.js';
import { checkCreateVideoRequest } from '../schemas.js';
import { canonicalModel, CREATE_FIELD_RULES, modelFacts, type CanonicalModel } from '../facts.js';
import { countedImages, crossFieldIssues, sourceNote } from './rules.js';
import { fromSchemaErrors, labelShapeIssue } from './issues.js';

/**
 * The parameters of a create request, as on the wire (snake_case), typed from the spec.
 *
 * @example
 * const params: CreateVideoParams = { model: 'Gemini-Omini', prompt: 'A fox in the snow', duration: 8 };
 */
export type CreateVideoParams = CreateVideoRequest;

/**
 * The request the service will apply: defaults filled in, aliases resolved. For display.
 *
 * @example
 * const { effective } = omni.videos.prepare({ model: 'gemini-omni', prompt: 'x', orientation: 'portrait' });
 * // { model: 'Gemini-Omini', duration: 6, resolution: '720p', aspect_ratio: '9:16', generation_type: 'reference', ... }
 */
export interface EffectiveRequest {
  /** The model after alias normalisation (the spec's `VideoModel` minus its aliases). */
  model: CanonicalModel;
  prompt: string;
  /** Seconds; absent when a reference video sets the length. */
  duration?: VideoDuration;
  resolution: VideoResolution;
  /** From `aspect_ratio`, else from `orientation`; absent when neither is set (the service decides). */
  aspect_ratio?: string;
  /** Standard model only. */
  generation_type?: GenerationType;
  /** The images (or, for a model without generation modes, references) the service will use. */
  image_urls: string[];
  video_urls: string[];
}

/**
 * Something the SDK dropped or overrode: the field and why.
 *
 * @example
 * omni.videos.prepare({ model: 'omni-10s', prompt: 'x', duration: 6 }).warnings;
 * // [{ path: 'duration', message: 'not sent: omni-10s is always 10 s at 720p, without generation modes' }]
 */
export interface PrepareWarning {
  path: string;
  message: string;
}

/**
 * What {@link prepareCreateVideo} returns.
 *
 * @example
 * const { body, effective, warnings }: PreparedRequest = omni.videos.prepare(params);
 */
export interface PreparedRequest {
  /** The exact JSON body that will be sent: only fields the caller set, minus documented drops. */
  body: CreateVideoRequest;
  /** The request the service will apply, defaults included. */
  effective: EffectiveRequest;
  /** Fields dropped or overridden, each with the reason. */
  warnings: PrepareWarning[];
}

const ORIENTATION_ASPECT = { landscape: '16:9', portrait: '9:16' } as const;
// The only ratios the provider names; its FAQ says tasks fail on unsupported ones
// without listing them. Other W:H ratios are sent (this SDK's decision) with a warning.
const DOCUMENTED_ASPECTS: readonly string[] = Object.values(ORIENTATION_ASPECT);

// Defaults come from the spec (through the generated facts), not from this file.
const DEFAULTS = {
  duration: CREATE_FIELD_RULES.duration?.default as VideoDuration,
  resolution: CREATE_FIELD_RULES.resolution?.default as VideoResolution,
  generation_type: CREATE_FIELD_RULES.generation_type?.default as GenerationType,
};

const KNOWN_FIELDS = Object.keys(CREATE_FIELD_RULES);

/**
 * One plain copy of the caller's params, taken once, so that what is validated is what
 * is sent: the own enumerable string-keyed properties (what `JSON.stringify` and object
 * spread see), each read exactly once (a getter runs once; its value is what is checked
 * and sent). Inherited properties are not fields of the request: a `prompt` on the
 * prototype counts as missing. Arrays are copied too, so a getter or a later change
 * cannot swap an element between the check and the send. A property whose getter
 * throws is reported as a problem with that field.
 */
function snapshot(params: unknown): unknown {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return params;
  const copy: Record<string, unknown> = {};
  const unreadable: ValidationIssue[] = [];
  for (const key of Object.keys(params)) {
    try {
      const value = (params as Record<string, unknown>)[key];
      copy[key] = Array.isArray(value) ? Array.from(value) : value;
    } catch (cause) {
      unreadable.push({
        path: key,
        message: `could not be read (${cause instanceof Error ? cause.message : String(cause)})`,
      });
    }
  }
  if (unreadable.length > 0) throw new ValidationError(unreadable);
  return copy;
}

/** Every rule violation of a draft request; empty when it may be sent. */
export function validateCreateVideo(draft: unknown): ValidationIssue[] {
  if (draft === null || typeof draft !== 'object' || Array.isArray(draft))
    return [{ path: '', message: 'must be an object of request fields' }];
  const shapeIssues = checkCreateVideoRequest(draft)
    ? []
    : fromSchemaErrors(checkCreateVideoRequest.errors ?? [], KNOWN_FIELDS, draft).map(
        labelShapeIssue,
      );
  return [...shapeIssues, ...crossFieldIssues(draft as Record<string, unknown>)];
}

/**
 * Normalises and validates a create request without sending anything.
 *
 * @throws {ValidationError} listing every broken rule
 * @example
 * const { body, effective, warnings } = prepareCreateVideo({ model: 'gemini-omni', prompt: 'x', orientation: 'portrait' });
 * // body: { model: 'Gemini-Omini', prompt: 'x', orientation: 'portrait' }
 * // effective: { ..., duration: 6, resolution: '720p', aspect_ratio: '9:16', generation_type: 'reference' }
 */
export function prepareCreateVideo(input: CreateVideoParams): PreparedRequest {
  const params = snapshot(input) as CreateVideoParams;
  const issues = validateCreateVideo(params);
  if (issues.length > 0) throw new ValidationError(issues);

  const warnings: PrepareWarning[] = [];
  // Only fields the caller set are sent: an injected default could break a rule
  // (a default duration beside video_urls is refused by the service).
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) body[key] = value;

  // The service normalises aliases (spec: x-model-aliases); sending the canonical name
  // makes the wire body say what will run.
  const model = canonicalModel(params.model) as CanonicalModel;
  body.model = model;
  // Validation passed, so the model is one the spec declares.
  const facts = modelFacts(model);
  const ignored = facts?.ignoredFields;
  const dropped = facts?.droppedFields;

  const images = countedImages(params);
  const ignoredImages = Array.isArray(body.images) && body.images.length > 0;
  if (images.field === 'image_urls' && images.urls.length > 0 && ignoredImages) {
    delete body.images;
    warnings.push({
      path: 'images',
      message: 'not sent: image_urls is set, and the service then ignores images',
    });
  }
  if (params.aspect_ratio !== undefined && !DOCUMENTED_ASPECTS.includes(params.aspect_ratio))
    warnings.push({
      path: 'aspect_ratio',
      message: `sent as given, but the provider documents only 16:9 and 9:16, and says tasks fail on unsupported aspect ratios`,
    });
  if (body.aspect_ratio !== undefined && body.orientation !== undefined) {
    delete body.orientation;
    warnings.push({
      path: 'orientation',
      message: 'not sent: aspect_ratio takes precedence over orientation',
    });
  }
  // Fields the model ignores (spec: x-ignored-fields) or has no use for
  // (x-dropped-fields): not sent, so the body says what will be applied.
  for (const field of Object.keys(ignored?.fields ?? {})) {
    if (body[field] === undefined || !ignored) continue;
    delete body[field];
    warnings.push({
      path: field,
      message: `not sent: ${model} ignores it and ${ignored.note}${sourceNote(ignored.ruleSource, ignored.why)}`,
    });
  }
  for (const field of dropped?.fields ?? []) {
    if (body[field] === undefined || !dropped) continue;
    delete body[field];
    warnings.push({
      path: field,
      message: `not sent: ${model} ${dropped.note}${sourceNote(dropped.ruleSource, dropped.why)}`,
    });
  }

  const videoUrls = params.video_urls ?? [];
  const effective: EffectiveRequest = {
    model,
    prompt: params.prompt,
    resolution: params.resolution ?? DEFAULTS.resolution,
    image_urls: images.urls as string[],
    video_urls: videoUrls,
  };
  if (videoUrls.length === 0) effective.duration = params.duration ?? DEFAULTS.duration;
  const aspect =
    params.aspect_ratio ?? (params.orientation && ORIENTATION_ASPECT[params.orientation]);
  if (aspect) effective.aspect_ratio = aspect;
  if (facts?.generationModes)
    effective.generation_type = params.generation_type ?? DEFAULTS.generation_type;
  // What the model applies whatever the request says (spec: x-ignored-fields).
  Object.assign(effective, ignored?.fields);

  return { body: body as CreateVideoRequest, effective, warnings };
}
