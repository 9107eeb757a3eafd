/**
 * The cross-field rules of a create request: the ones hey-api's Zod plugin cannot
 * express (it drops `not` and `if`/`then`/`else`), so they live here, by hand. The
 * spec states the same rules in JSON Schema (spec/openapi.yaml, CreateVideoRequest);
 * test/request/spec-agreement.test.ts checks with fast-check that the two agree.
 */
import type { ValidationIssue } from '../errors.js';

/** A request as the caller wrote it: possibly wrong, not yet validated. */
type Draft = Readonly<Record<string, unknown>>;

/** A cross-field rule: its reason in one line, and a check returning what breaks it. */
export interface CrossFieldRule {
  reason: string;
  check(draft: Draft): ValidationIssue[];
}

const isSet = (draft: Draft, field: string): boolean => draft[field] !== undefined;
const isStandardModel = (draft: Draft): boolean => draft.model !== 'omni-10s';

/**
 * The images the standard model will use: `image_urls` when it holds any, else the
 * compatibility field `images`.
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

/** Every cross-field rule, in the order its issues are reported. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    reason: 'The service refuses duration with a reference video: the video sets the length.',
    check: (draft) =>
      isSet(draft, 'duration') && isSet(draft, 'video_urls')
        ? [
            {
              path: 'duration',
              message:
                'must not be sent together with video_urls (the reference video sets the length)',
            },
          ]
        : [],
  },
  {
    reason: 'omni-10s takes video references in image_urls, not in video_urls.',
    check: (draft) =>
      !isStandardModel(draft) && isSet(draft, 'video_urls')
        ? [
            {
              path: 'video_urls',
              message:
                'is not accepted by omni-10s: put video references in image_urls (up to 7 in all)',
            },
          ]
        : [],
  },
  {
    reason: 'First-frame mode uses exactly one image, as the first frame.',
    check: (draft) => {
      if (!isStandardModel(draft) || draft.generation_type !== 'frame') return [];
      const { field, urls } = countedImages(draft);
      return urls.length === 1
        ? []
        : [
            {
              path: field,
              message: `must hold exactly 1 image in frame mode (generation_type 'frame'), not ${urls.length}`,
            },
          ];
    },
  },
  {
    reason: 'Reference mode (the default) uses 0, 1 or 3 reference images.',
    check: (draft) => {
      if (!isStandardModel(draft) || draft.generation_type === 'frame') return [];
      const { field, urls } = countedImages(draft);
      return [0, 1, 3].includes(urls.length)
        ? []
        : [
            {
              path: field,
              message: `must hold 0, 1 or 3 images in reference mode, not ${urls.length}`,
            },
          ];
    },
  },
];

/** Runs every cross-field rule on a draft request. */
export function crossFieldIssues(draft: Draft): ValidationIssue[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule.check(draft));
}
