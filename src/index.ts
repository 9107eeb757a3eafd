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
export { rawAnswer } from './core/typed-fields.js';
export {
  Omni,
  DEFAULT_BASE_URL,
  type OmniOptions,
  type RequestOptions,
  type OperationData,
  type OperationOptions,
} from './core/client.js';
// Every generated SDK function (and type of the spec), to call through
// `omni.request(operation, options)`; a bundle holds only the operations it imports.
export * from './core/operations.js';
export { Videos, type DownloadResult, type GenerateOptions, type TaskRef } from './core/videos.js';
export {
  Files,
  UPLOAD_TIMEOUT_MS,
  type UploadOptions,
  type UploadResult,
} from './core/files/files.js';
export type { UploadInput } from './core/files/source.js';
export { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from './core/files/limits.js';
export {
  etaOf,
  DEFAULT_WAIT_TIMEOUT_MS,
  type CompletedVideoTask,
  type Eta,
  type WaitOptions,
  type WaitProgress,
} from './core/wait/poll.js';
export type { TaskOutcome, WaitManyOptions } from './core/wait/wait-many.js';
export {
  failureReason,
  isWaiting,
  taskIdOf,
  taskPhase,
  timestampMs,
  videoUrlExpiresAt,
  type TaskPhase,
} from './core/wait/status.js';
export { DEFAULT_DOWNLOAD_TIMEOUT_MS, type DownloadOptions } from './core/download-options.js';
// The create request's fields as the spec states them (types, enums, defaults, limits).
export { CREATE_FIELDS, type CreateField } from './core/facts.js';
// Showing the service's text on a terminal, and "did you mean" for a mistyped choice.
export { escaped, hasControl, printable, printableJson } from './core/printable.js';
export { closest } from './core/closest.js';
export { systemClock, type Clock } from './core/clock.js';
export { LOG_ENV, LOG_LEVELS, type Logger, type LogLevel } from './core/observe/log.js';
export { TRACE_CHANNELS, type TraceContext, type TracedOperation } from './core/observe/trace.js';
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
  DownloadTimeoutError,
  type OmniErrorOptions,
  type Processed,
  type ValidationIssue,
  type ApiErrorDetails,
} from './core/errors.js';
export type {
  CreateVideoParams,
  EffectiveRequest,
  PrepareWarning,
  PreparedRequest,
} from './core/request/prepare.js';
export type {
  GenerationType,
  KnownVideoTaskStatus,
  VideoDuration,
  VideoModel,
  VideoOrientation,
  VideoResolution,
  VideoTask,
  VideoTaskCreated,
  VideoTaskResult,
  UploadedFile,
} from './core/generated.js';
