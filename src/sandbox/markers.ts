/**
 * Prompt markers: words a test writes in the `prompt` to choose how the sandbox plays
 * the task. They are matched case-insensitively anywhere in the prompt, and combine
 * (`[success] [progress:jump]`). A failure marker wins over `[success]`.
 *
 * | marker             | the task                                                                           |
 * | ------------------ | ---------------------------------------------------------------------------------- |
 * | (none)             | `queued` (progress 0) → `processing` (1..99, rising) → `completed` (100, `result`) |
 * | `[fail]`           | ends `failed`, progress 0, the reason in `error_message`                           |
 * | `[fail:error_msg]` | ends `failed`, the reason in `error_msg` (no `error_message` field)                |
 * | `[fail:reason]`    | ends `failed`, the reason in `reason` (no `error_message` field)                   |
 * | `[success]`        | ends with status `success` instead of `completed`                                  |
 * | `[progress:stuck]` | reports progress 0 all through `processing`, then 100 when done                    |
 * | `[progress:jump]`  | progress 0 while queued, 80 all through `processing`, then 100                     |
 * | `[progress:null]`  | reports progress `null` while `processing`                                         |
 * | `[pending]`        | waits as `pending` instead of `queued` (create answers `pending` too)              |
 * | `[submitted]`      | waits as `submitted` instead of `queued`                                           |
 *
 * @example
 * await fetch(`${sandbox.url}/api/open-api/v1/gemini/omni/videos`, {
 *   method: 'POST',
 *   headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
 *   body: JSON.stringify({ model: 'Gemini-Omini', prompt: `a fox ${PROMPT_MARKERS.fail}` }),
 * });
 */
export const PROMPT_MARKERS = {
  fail: '[fail]',
  failErrorMsg: '[fail:error_msg]',
  failReason: '[fail:reason]',
  success: '[success]',
  progressStuck: '[progress:stuck]',
  progressJump: '[progress:jump]',
  progressNull: '[progress:null]',
  pending: '[pending]',
  submitted: '[submitted]',
} as const;

/** One of {@link PROMPT_MARKERS}. */
export type PromptMarker = (typeof PROMPT_MARKERS)[keyof typeof PROMPT_MARKERS];

/** How the sandbox plays one task, read from its prompt's markers. */
export interface TaskScript {
  /** The final status. @default 'completed' */
  ending: 'completed' | 'success' | 'failed';
  /** Where a failure's reason is reported. @default 'error_message' */
  reasonField: 'error_message' | 'error_msg' | 'reason';
  /** How progress is reported while processing. @default 'rising' */
  progress: 'rising' | 'stuck' | 'jump' | 'null';
  /** The status while waiting to be scheduled. @default 'queued' */
  waitingStatus: 'queued' | 'pending' | 'submitted';
}

/** Reads the markers of a prompt (see {@link PROMPT_MARKERS}). */
export function scriptFromPrompt(prompt: string): TaskScript {
  const text = prompt.toLowerCase();
  const has = (marker: PromptMarker) => text.includes(marker);
  const script: TaskScript = {
    ending: 'completed',
    reasonField: 'error_message',
    progress: 'rising',
    waitingStatus: 'queued',
  };
  if (has(PROMPT_MARKERS.success)) script.ending = 'success';
  if (has(PROMPT_MARKERS.failErrorMsg)) script.reasonField = 'error_msg';
  else if (has(PROMPT_MARKERS.failReason)) script.reasonField = 'reason';
  if (has(PROMPT_MARKERS.fail) || script.reasonField !== 'error_message') script.ending = 'failed';
  if (has(PROMPT_MARKERS.progressStuck)) script.progress = 'stuck';
  else if (has(PROMPT_MARKERS.progressJump)) script.progress = 'jump';
  else if (has(PROMPT_MARKERS.progressNull)) script.progress = 'null';
  if (has(PROMPT_MARKERS.pending)) script.waitingStatus = 'pending';
  else if (has(PROMPT_MARKERS.submitted)) script.waitingStatus = 'submitted';
  return script;
}
