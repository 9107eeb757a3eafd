/**
 * The cross-field rules of a create request (`not` and `if`/`then`/`else` in the spec):
 * the generated shape check leaves them out (generator/validators.mjs), since a JSON
 * Schema error can neither name such a rule nor say whose it is; they live here. The
 * spec states the same rules in JSON Schema (spec/openapi.yaml, CreateVideoRequest);
 * test/core/request/spec-agreement.test.ts checks with fast-check that the two agree.
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
import {
  CREATE_FIELD_RULES,
  MODEL_TABLE,
  modelFacts,
  type ModelFacts,
  type RuleSource,
} from '../facts.js';

export type { RuleSource };

/** A request as the caller wrote it: possibly wrong, not yet validated. */
type Draft = Readonly<Record<string, unknown>>;

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

/**
 * The declared behaviour the rules apply to a draft. A model the spec does not know is
 * checked as the first model of the table, as the spec's JSON Schema does (its `else`
 * branch); its name is refused by the shape check anyway.
 */
const factsOf = (draft: Draft): ModelFacts =>
  modelFacts(draft.model) ?? (Object.values(MODEL_TABLE)[0] as ModelFacts);
/** The model's name for messages. */
const nameOf = (draft: Draft): string => String(draft.model);
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

/**
 * An issue whose rule says whose it is: in words (the {@link sourceNote} appended to
 * the message) and in the fields `rule` and `source`, so that no reader parses words.
 *
 * @example
 * sourcedIssue({ path: 'duration', message: 'must be one of 4, 6' }, 'provider');
 * // { path: 'duration', message: "must be one of 4, 6 (the provider's documented rule)", rule: 'must be one of 4, 6', source: 'provider' }
 */
export function sourcedIssue(
  issue: ValidationIssue,
  source: RuleSource,
  why?: string,
): ValidationIssue {
  return {
    ...issue,
    message: issue.message + sourceNote(source, why),
    rule: issue.message,
    source,
  };
}

const issue = (path: string, message: string, source: RuleSource, why?: string) => [
  sourcedIssue({ path, message }, source, why),
];

/** `[1]` → `exactly 1 image`; `[0, 1, 3]` → `0, 1 or 3 images`. */
function countsText(counts: readonly number[]): string {
  if (counts.length === 1) return `exactly ${counts[0]} image${counts[0] === 1 ? '' : 's'}`;
  return `${counts.slice(0, -1).join(', ')} or ${counts.at(-1)} images`;
}

// The mode a draft asks for: its generation_type when the model has that mode, else
// the spec's default (the JSON Schema's `else` branch treats any other value the same).
const DEFAULT_MODE = CREATE_FIELD_RULES.generation_type?.default;

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
    reason: 'A model refuses the fields its declaration lists (x-refused-fields), when non-empty.',
    check: (draft) => {
      const refused = factsOf(draft).refusedFields;
      if (!refused) return [];
      return Object.entries(refused.fields).flatMap(([field, instead]) =>
        hasItems(draft, field)
          ? issue(
              field,
              `is not accepted with ${nameOf(draft)}: ${instead}`,
              refused.ruleSource,
              refused.why,
            )
          : [],
      );
    },
  },
  {
    reason:
      'A model with a reference limit (x-max-references) takes at most that many in each field.',
    check: (draft) => {
      const { maxReferences, referenceFields } = factsOf(draft);
      if (maxReferences === undefined) return [];
      return referenceFields.flatMap((field) => {
        const value = draft[field];
        // Where the field's own limit is as strict, its shape check says it already.
        const fieldMax = CREATE_FIELD_RULES[field]?.maxItems ?? Infinity;
        return Array.isArray(value) && value.length > maxReferences && maxReferences < fieldMax
          ? issue(
              field,
              `must hold at most ${maxReferences} references with ${nameOf(draft)}, not ${value.length}`,
              'provider',
            )
          : [];
      });
    },
  },
  {
    reason:
      'Each generation mode takes the image counts its declaration lists (x-generation-modes).',
    check: (draft) => {
      const modes = factsOf(draft).generationModes;
      if (!modes) return [];
      const asked = typeof draft.generation_type === 'string' ? draft.generation_type : '';
      const mode = Object.hasOwn(modes, asked) ? modes[asked] : modes[String(DEFAULT_MODE)];
      if (!mode) return [];
      const { field, urls } = countedImages(draft);
      if (mode.images.includes(urls.length)) return [];
      const message = `must hold ${countsText(mode.images)} in ${mode.label}, not ${urls.length}`;
      const why = mode.decisionRefused?.[String(urls.length)];
      return why ? issue(field, message, 'decision', why) : issue(field, message, 'provider');
    },
  },
];

/** Runs every cross-field rule on a draft request. */
export function crossFieldIssues(draft: Draft): ValidationIssue[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule.check(draft));
}
