/**
 * `omni.videos`: the video-task resource. Each method validates before sending and
 * goes through the generated SDK functions (via src/generated.ts).
 */
import type { Omni, RequestOptions } from './client.js';
import {
  createVideo,
  getVideoTask,
  type VideoTask,
  zCreateVideoResponse,
  zGetVideoTaskResponse,
} from './generated.js';
import { isSuccessCode } from './http/outcome.js';
import { send } from './http/send.js';
import {
  type CreateVideoParams,
  type PreparedRequest,
  prepareCreateVideo,
} from './request/prepare.js';
import { assertTaskId } from './safety.js';

// The generated response validators check every 2xx body against the success
// envelope, so an error envelope delivered with HTTP 200 (`data: {}` or other
// shapes) would surface as a schema error instead of the service's code and msg.
// These check the success schema only when the envelope says success; error
// envelopes are read by http/outcome.ts.
const validateCreated = async (body: unknown) => {
  if (isSuccessCode((body as { code?: unknown } | null)?.code))
    await zCreateVideoResponse.parseAsync(body);
};
const validateTask = async (body: unknown) => {
  if (isSuccessCode((body as { code?: unknown } | null)?.code))
    await zGetVideoTaskResponse.parseAsync(body);
};

/** The video-task resource: `omni.videos`. */
export class Videos {
  readonly #omni: Omni;

  constructor(omni: Omni) {
    this.#omni = omni;
  }

  /**
   * Normalises and validates a create request without sending it: the exact wire
   * `body`, the `effective` request the service will apply, and `warnings` for
   * anything dropped or overridden.
   *
   * @throws {ValidationError} listing every broken rule
   * @example
   * const { body, effective, warnings } = omni.videos.prepare({ model: 'omni-10s', prompt: 'x', duration: 6 });
   * // body has no duration; warnings explain why; effective.duration === 10
   */
  prepare(params: CreateVideoParams): PreparedRequest {
    return prepareCreateVideo(params);
  }

  /**
   * Creates a video task and returns it (`task_id`, `status: 'queued'`, ...). The
   * request is billed: it is retried only when it provably never reached the service,
   * and a failure after it may have arrived raises `CreateUncertainError`.
   *
   * @throws {ValidationError} before sending, when the params break a rule
   * @example
   * const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'A fox in the snow', duration: 8 });
   */
  async create(params: CreateVideoParams, options: RequestOptions = {}): Promise<VideoTask> {
    const { body } = prepareCreateVideo(params);
    const client = this.#omni.authorizedClient();
    const data = await send(
      (signal) => createVideo({ client, body, signal, responseValidator: validateCreated }),
      this.#sendOptions('create', options),
    );
    return data as VideoTask;
  }

  /**
   * Fetches a task's current state. Free and idempotent: retried on transient failures.
   *
   * @throws {ValidationError} for an id that is empty, holds `/`, or is `.`/`..`
   * @example
   * const task = await omni.videos.retrieve('task_01JD7Z6Q2M8V4');
   * console.log(task.status, task.progress);
   */
  async retrieve(taskId: string, options: RequestOptions = {}): Promise<VideoTask> {
    assertTaskId(taskId);
    const client = this.#omni.authorizedClient();
    const data = await send(
      (signal) =>
        getVideoTask({ client, path: { taskId }, signal, responseValidator: validateTask }),
      { ...this.#sendOptions('retrieve', options), taskId },
    );
    return data as VideoTask;
  }

  #sendOptions(operation: 'create' | 'retrieve', options: RequestOptions) {
    const omni = this.#omni;
    return {
      operation,
      maxRetries: options.maxRetries ?? omni.maxRetries,
      timeoutMs: options.timeoutMs ?? omni.timeoutMs,
      clock: omni.clock,
      random: omni.random,
      signal: options.signal,
    };
  }
}
