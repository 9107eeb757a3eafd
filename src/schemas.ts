/**
 * The door from src/ into the generated Zod schemas (generated/zod.gen.ts).
 *
 * Kept apart from src/generated.ts on purpose: the public type declarations import
 * that module, and zod is bundled into dist/, not a dependency, so the declarations
 * must never reach zod's types. Only implementation code imports this module.
 */
import * as z from 'zod/mini';
import { zGetVideoTaskResponse, zVideoTask } from '../generated/zod.gen.js';

export {
  zCreateVideoRequest,
  zCreateVideoResponse,
  zGenerationType,
  zGetVideoTaskResponse,
  zKnownVideoTaskStatus,
  zUploadFileResponse,
  zVideoDuration,
  zVideoResolution,
} from '../generated/zod.gen.js';

/**
 * A successful task answer, read as a tolerant reader: the envelope and what identifies
 * the task (`task_id`, `status`), from the generated schemas. The other fields are read
 * leniently by src/read-task.ts, because a field that does not matter (a `progress` of
 * `"50"`, a date string for `completed_at`) must not make a finished task unreadable.
 * The generator cannot express "check these fields, read the rest leniently", hence
 * this composition in src/.
 */
export const zTaskAnswer = z.object({
  ...zGetVideoTaskResponse.shape,
  data: z.nullish(z.object({ task_id: zVideoTask.shape.task_id, status: zVideoTask.shape.status })),
});
