/**
 * `jimmyai-omni/sandbox`: a local stand-in for JimmyAI's Gemini Omni video API, for
 * tests, demos and the CLI. Node built-ins and Ajv only.
 *
 * @example
 * import { startSandbox } from 'jimmyai-omni/sandbox';
 * const sandbox = await startSandbox({ timeScale: 0.01 });
 * // ... use sandbox.url as the SDK's base URL ...
 * await sandbox.close();
 */
export { startSandbox } from './server.js';
export type { Sandbox } from './server.js';
export { SANDBOX_DEFAULTS } from './options.js';
export type { SandboxOptions } from './options.js';
export { FAULT_KINDS, DEFAULT_RANDOM_FAULT_KINDS } from './faults.js';
export type {
  FaultKind,
  FaultParams,
  FaultRoute,
  FaultSpec,
  InjectedFault,
  RandomFaults,
  ScriptedReply,
} from './faults.js';
export { PROMPT_MARKERS } from './markers.js';
export type { PromptMarker, TaskScript } from './markers.js';
export { ERROR_CODES, PROVIDER_CODES, SUCCESS_CODE } from './envelope.js';
export type { Envelope } from './envelope.js';
export { FAILURE_REASON, JUMP_PROGRESS } from './tasks.js';
export type { SandboxTask } from './tasks.js';
export type { RecordedRequest } from './recording.js';
export { CREATE_PATH, TASK_PATH_PREFIX, UPLOAD_PATH } from './routes.js';
export type { StoredUpload } from './upload.js';
export { MEDIA_PREFIX } from './media.js';
