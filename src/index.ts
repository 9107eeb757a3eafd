/**
 * jimmyai-omni: the SDK for JimmyAI's Gemini Omni video-generation API.
 *
 * Free of Node-only imports, so it bundles for browsers, Bun and Deno; Node-only
 * helpers (downloads to disk) load lazily.
 *
 * @example
 * import { Omni } from 'jimmyai-omni';
 * const omni = new Omni();
 * const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'A fox in the snow' });
 */
export { Omni, DEFAULT_BASE_URL, type OmniOptions, type RequestOptions } from './client.js';
export {
  Videos,
  type DownloadOptions,
  type DownloadResult,
  type GenerateOptions,
  type TaskRef,
} from './videos.js';
export { Files, UPLOAD_TIMEOUT_MS, type UploadOptions, type UploadResult } from './files/files.js';
export type { UploadInput } from './files/source.js';
export { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from './files/limits.js';
export type { CompletedVideoTask, WaitOptions } from './wait/poll.js';
export type { TaskOutcome, WaitManyOptions } from './wait/wait-many.js';
export { taskPhase, type TaskPhase } from './wait/status.js';
export type { Clock } from './clock.js';
export { LOG_LEVELS, type Logger, type LogLevel } from './observe/log.js';
export { TRACE_CHANNELS, type TraceContext, type TracedOperation } from './observe/trace.js';
export {
  OmniError,
  ValidationError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  InternalServerError,
  ConnectionError,
  RequestTimeoutError,
  AbortError,
  MalformedResponseError,
  CreateUncertainError,
  TaskFailedError,
  TaskCancelledError,
  TaskResultError,
  TaskTimeoutError,
  CallbackError,
  DownloadError,
  type OmniErrorOptions,
  type ValidationIssue,
  type ApiErrorDetails,
} from './errors.js';
export type {
  CreateVideoParams,
  EffectiveRequest,
  PrepareWarning,
  PreparedRequest,
} from './request/prepare.js';
export type {
  GenerationType,
  KnownVideoTaskStatus,
  VideoDuration,
  VideoModel,
  VideoOrientation,
  VideoResolution,
  VideoTask,
  VideoTaskResult,
  UploadedFile,
} from './generated.js';
