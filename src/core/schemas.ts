/**
 * The door from src/ into the generated Zod schemas (generated/zod.gen.ts).
 *
 * Kept apart from src/core/generated.ts on purpose: the public type declarations import
 * that module, and zod is bundled into dist/, not a dependency, so the declarations
 * must never reach zod's types. Only implementation code imports this module.
 */
import * as z from 'zod/mini';
import {
  zCreateVideoResponse,
  zGetVideoTaskResponse,
  zUploadedFile,
  zUploadFileResponse,
  zVideoTask,
  zVideoTaskCreated,
} from '../../generated/zod.gen.js';

export {
  zCreateVideoRequest,
  zCreateVideoResponse,
  zGenerationType,
  zGetVideoTaskResponse,
  zKnownVideoTaskStatus,
  zUploadedFile,
  zUploadFileResponse,
  zVideoDuration,
  zVideoResolution,
  zVideoTask,
  zVideoTaskCreated,
} from '../../generated/zod.gen.js';

/**
 * A successful task answer, read as a tolerant reader: the envelope and what identifies
 * the task (`task_id`, `status`), from the generated schemas. The other fields are read
 * leniently by src/core/read-task.ts, because a field that does not matter (a `progress` of
 * `"50"`, a date string for `completed_at`) must not make a finished task unreadable.
 * The generator cannot express "check these fields, read the rest leniently", hence
 * this composition in src/.
 */
export const zTaskAnswer = z.object({
  ...zGetVideoTaskResponse.shape,
  data: z.nullish(z.object({ task_id: zVideoTask.shape.task_id, status: zVideoTask.shape.status })),
});

/**
 * A successful create answer: the envelope and what identifies the new task (`task_id`,
 * `status`). The other fields are kept or left out one by one (src/core/typed-fields.ts): a
 * field of the wrong type must not make a billed create look failed.
 */
export const zCreatedAnswer = z.object({
  ...zCreateVideoResponse.shape,
  data: z.nullish(
    z.object({ task_id: zVideoTaskCreated.shape.task_id, status: zVideoTaskCreated.shape.status }),
  ),
});

/** A successful upload answer: the envelope and the file's `url`; the rest as for a create. */
export const zUploadAnswer = z.object({
  ...zUploadFileResponse.shape,
  data: z.nullish(z.object({ url: zUploadedFile.shape.url })),
});
