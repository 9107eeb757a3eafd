/**
 * The cross-field rules of a create request: the ones hey-api's Zod plugin cannot
 * express (it drops `not` and `if`/`then`/`else`), so they live here, by hand. The
 * spec states the same rules in JSON Schema (spec/openapi.yaml, CreateVideoRequest);
 * test/request/spec-agreement.test.ts checks with fast-check that the two agree.
 *
 * An empty array is no reference at all: the provider's own sample request sends
 * `"duration": 6` with `"video_urls": []` and `"image_urls": []`. Every rule that
 * counts references counts items, never the presence of a field.
 *
 * Each rule says where it comes from: the provider's documentation, or this SDK's
 * decision where the provider is silent (a decision that protects the caller from a
 * request whose outcome nobody documents).
 */
import type { ValidationIssue } from '../errors.js';

/** A request as the caller wrote it: possibly wrong, not yet validated. */
type Draft = Readonly<Record<string, unknown>>;

/** Where a rule comes from. */
export type RuleSource = 'provider' | 'decision';

/** A cross-field rule: its reason in one line, and a check returning what breaks it. */
export interface CrossFieldRule {
  reason: string;
  check(draft: Draft): ValidationIssue[];
}

/**
 * The words appended to a message, so a reader knows whom to ask about the rule.
 *
 * @example
 * `must hold at most 1 item(s)${sourceNote('provider')}`; // '… (the provider's documented rule)'
 */
export function sourceNote(source: RuleSource, why?: string): string {
  return source === 'provider'
    ? " (the provider's documented rule)"
    : ` (this SDK's decision: ${why ?? 'the provider does not document this case'})`;
}

const isStandardModel = (draft: Draft): boolean => draft.model !== 'omni-10s';
/** References sent in a field: an empty array (or a field not sent) holds none. */
const hasItems = (draft: Draft, field: string): boolean => {
  const value = draft[field];
  return value !== undefined && (!Array.isArray(value) || value.length > 0);
};

/**
 * The images the standard model will use: `image_urls` when it holds any, else the
 * compatibility field `images` (the provider: "used only when `image_urls` is empty").
 */
export function countedImages(draft: Draft): { field: 'image_urls' | 'images'; urls: unknown[] } {
  const { image_urls: imageUrls, images } = draft;
  if (Array.isArray(imageUrls) && imageUrls.length > 0)
    return { field: 'image_urls', urls: imageUrls };
  if (imageUrls !== undefined && !Array.isArray(imageUrls))
    return { field: 'image_urls', urls: [] };
  return {
    field: Array.isArray(images) ? 'images' : 'image_urls',
    urls: Array.isArray(images) ? images : [],
  };
}

const issue = (path: string, message: string, source: RuleSource, why?: string) => [
  { path, message: message + sourceNote(source, why) },
];

/** Every cross-field rule, in the order its issues are reported. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    reason: 'duration and video_urls cannot be passed at the same time: the video sets the length.',
    check: (draft) =>
      draft.duration !== undefined && hasItems(draft, 'video_urls')
        ? issue(
            'duration',
            'must not be sent together with video_urls: the reference video sets the length',
            'provider',
          )
        : [],
  },
  {
    reason:
      'omni-10s takes video references in image_urls; what it does with video_urls is not documented.',
    check: (draft) =>
      !isStandardModel(draft) && hasItems(draft, 'video_urls')
        ? issue(
            'video_urls',
            'is not accepted with omni-10s: put video references in image_urls (up to 7 in all)',
            'decision',
            'the provider documents video references for omni-10s in image_urls only',
          )
        : [],
  },
  {
    reason: 'First-frame mode takes 1 image, the first frame; the provider is silent on none.',
    check: (draft) => {
      if (!isStandardModel(draft) || draft.generation_type !== 'frame') return [];
      const { field, urls } = countedImages(draft);
      if (urls.length === 1) return [];
      const message = `must hold exactly 1 image in frame mode (generation_type 'frame'), not ${urls.length}`;
      return urls.length === 0
        ? issue(
            field,
            message,
            'decision',
            'frame mode is documented with 1 image; without one there is no first frame',
          )
        : issue(field, message, 'provider');
    },
  },
  {
    reason: 'Reference mode (the default) takes 1 or 3 images, or none; 2 is refused by decision.',
    check: (draft) => {
      if (!isStandardModel(draft) || draft.generation_type === 'frame') return [];
      const { field, urls } = countedImages(draft);
      if ([0, 1, 3].includes(urls.length)) return [];
      const message = `must hold 0, 1 or 3 images in reference mode, not ${urls.length}`;
      return urls.length === 2
        ? issue(
            field,
            message,
            'decision',
            'the provider documents 1 or 3 reference images and is silent on 2, which resellers of the same model refuse',
          )
        : issue(field, message, 'provider');
    },
  },
];

/** Runs every cross-field rule on a draft request. */
export function crossFieldIssues(draft: Draft): ValidationIssue[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule.check(draft));
}
