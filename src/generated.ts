/**
 * The door from src/ into generated/: types, SDK functions and the fetch client.
 *
 * generated/ is rewritten by `npm run generate` whenever the spec changes; everything
 * handwritten reaches it through this module (and its twin for the Zod schemas,
 * src/schemas.ts) only, so a regeneration that renames something breaks here, in one
 * place, and the typecheck says where.
 */
export { createVideo, getVideoTask, uploadFile } from '../generated/sdk.gen.js';
export { createClient, createConfig } from '../generated/client/index.js';
export type { Client, Config } from '../generated/client/index.js';
export type {
  CreateVideoRequest,
  CreateVideoResponse,
  ErrorEnvelope,
  GenerationType,
  GetVideoTaskResponse,
  KnownResponseCode,
  KnownVideoTaskStatus,
  UploadedFile,
  UploadFileRequest,
  VideoDuration,
  VideoModel,
  VideoOrientation,
  VideoResolution,
  VideoTask,
  VideoTaskCreated,
  VideoTaskResult,
} from '../generated/types.gen.js';
