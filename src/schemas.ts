/**
 * The door from src/ into the generated Zod schemas (generated/zod.gen.ts).
 *
 * Kept apart from src/generated.ts on purpose: the public type declarations import
 * that module, and zod is bundled into dist/, not a dependency, so the declarations
 * must never reach zod's types. Only implementation code imports this module.
 */
export {
  zCreateVideoRequest,
  zCreateVideoResponse,
  zGenerationType,
  zGetVideoTaskResponse,
  zUploadFileResponse,
  zVideoDuration,
  zVideoResolution,
} from '../generated/zod.gen.js';
