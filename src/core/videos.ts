/**
 * `omni.videos`: the video-task resource. Each method validates before sending and
 * goes through the generated SDK functions (via src/core/generated.ts).
 */
import {
  CreateUncertainError,
  DownloadError,
  MalformedResponseError,
  OmniError,
  ValidationError,
} from './errors.js';
import { createVideo, getVideoTask, type VideoTask } from './generated.js';
import { checkAnswer, CREATED_ANSWER, TASK_ANSWER, VIDEO_TASK_CREATED } from './schemas.js';
import { keepTyped } from './typed-fields.js';
import { readFailureTexts, readTask } from './read-task.js';
import type { Pipeline, RequestOptions } from './http/pipeline.js';
import type { Watch } from './observe/observer.js';
import { runCallback } from './callbacks.js';
import type { SaveOptions } from '../platform/download.js';
import type { DownloadOptions } from './download-options.js';
import { saveUrl } from '../platform/node.js';
import {
  type CreateVideoParams,
  type PreparedRequest,
  prepareCreateVideo,
} from './request/prepare.js';
import {
  assertNumericOptions,
  assertTaskId,
  describeValue,
  optionsObject,
  taskIdProblem,
} from './safety.js';
import {
  callbackLimits,
  checkWaitOptions,
  type CompletedVideoTask,
  DEFAULT_WAIT_TIMEOUT_MS,
  type PollContext,
  pollTask,
  type WaitOptions,
  waitForTask,
} from './wait/poll.js';
import { taskIdOf, taskPhase } from './wait/status.js';
import { type TaskOutcome, type WaitManyOptions, waitForMany } from './wait/wait-many.js';

// A task answer is checked for its envelope, id and status (not every field);
// readTask reads the rest leniently.
const validateTask = async (envelope: unknown) => checkAnswer(TASK_ANSWER, envelope);
// A create answer is checked only for what identifies the task (its envelope and id):
// a wrong-typed extra field must not make a billed create look malformed; keepTyped
// then leaves out what contradicts the spec.
const validateCreated = async (envelope: unknown) => checkAnswer(CREATED_ANSWER, envelope);

// The client's default request check (the spec's, for omni.request) repeats what this
// resource has checked already, more strictly: prepare() the body, assertTaskId the id.
const requestValidator = undefined;

/**
 * A task, or its id: tasks resume from a plain id string anywhere a task is taken.
 *
 * @example
 * await omni.videos.wait('task_01JD7Z6Q2M8V4'); // same as passing the task object
 */
export type TaskRef = string | Pick<VideoTask, 'task_id'>;

/**
 * Options of {@link Videos.generate}: those of `wait`, plus `onTaskCreated`.
 *
 * @example
 * await omni.videos.generate(params, { onTaskCreated: (t) => db.save(t.task_id), timeoutMs: 30 * 60_000 });
 */
export interface GenerateOptions extends WaitOptions {
  /**
   * Called as soon as the task exists, so callers can store its id. A promise it
   * returns is awaited before polling starts, but not past the deadline (which counts
   * from the created task) or the abort; if it throws or rejects, `generate` rejects
   * with a `CallbackError` that carries the task id (the task goes on).
   */
  onTaskCreated?: ((task: VideoTask) => unknown) | undefined;
}

/**
 * What {@link Videos.download} saved.
 *
 * @example
 * const { path, bytes } = await omni.videos.download(task, 'fox.mp4');
 */
export interface DownloadResult {
  path: string;
  bytes: number;
}

/**
 * The video-task resource: `omni.videos`.
 *
 * @example
 * const done = await omni.videos.generate({ model: 'Gemini-Omini', prompt: 'A fox in the snow' });
 */
export class Videos {
  readonly #omni: Pipeline;
  readonly #poller: PollContext;

  constructor(omni: Pipeline) {
    this.#omni = omni;
    this.#poller = {
      // The waiting loop retries on its own schedule, within its deadline.
      poll: (taskId, options) =>
        omni.observer.operation('poll', taskId, (watch) =>
          this.#retrieve(taskId, { ...options, maxRetries: 0 }, watch),
        ),
      clock: omni.clock,
      random: omni.random,
      requestTimeoutMs: omni.timeoutMs,
    };
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
  async create(params: CreateVideoParams, options?: RequestOptions): Promise<VideoTask> {
    return this.#omni.observer.operation('create', undefined, (watch) =>
      this.#create(params, options, watch),
    );
  }

  async #create(
    params: CreateVideoParams,
    options: RequestOptions | undefined,
    watch: Watch | undefined,
  ): Promise<VideoTask> {
    options = optionsObject(options, 'options');
    const { body } = prepareCreateVideo(params);
    try {
      const answer = await this.#omni.send<VideoTask>(
        (init) =>
          createVideo({ ...init, body, requestValidator, responseValidator: validateCreated }),
        { ...options, watch },
      );
      const data = answer.data as unknown as Record<string, unknown>;
      // Failure texts are error texts: read and redacted as a retrieved task's are.
      return keepTyped<VideoTask>(VIDEO_TASK_CREATED, {
        ...data,
        ...readFailureTexts(data, (text) => this.#omni.redactText(text)),
      });
    } catch (error) {
      throw uncertainCreate(error);
    }
  }

  /**
   * Fetches a task's current state. Free and idempotent: retried on transient failures.
   *
   * @throws {ValidationError} for an id that is empty, holds `/`, or is `.`/`..`
   * @example
   * const task = await omni.videos.retrieve('task_01JD7Z6Q2M8V4');
   * console.log(task.status, task.progress);
   */
  async retrieve(taskId: string, options?: RequestOptions): Promise<VideoTask> {
    const checked = optionsObject(options, 'options');
    return this.#omni.observer.operation('retrieve', idOf(taskId), async (watch) => {
      return (await this.#retrieve(taskId, checked, watch)).task;
    });
  }

  /**
   * Waits until the task completes, polling adaptively (soon after creation, then
   * just after the finish its progress predicts). Resumes from a plain id.
   *
   * Statuses are compared without regard to case; a cancelled task ends the wait. The
   * video URL falls back to `result.url` or `result.mediaUrl`, and a relative one is
   * resolved against the base URL.
   *
   * @throws {TaskFailedError} when the task fails, with the provider's reason
   * @throws {TaskCancelledError} when the task was cancelled (a `TaskFailedError`)
   * @throws {TaskResultError} when it completed without a usable video URL
   * @throws {TaskTimeoutError} past `timeoutMs` (default 20 minutes), with the last snapshot and the last poll's error as `cause`; resume with `wait(err.taskId)`
   * @throws {CallbackError} when `onProgress` throws or rejects (the task goes on)
   * @example
   * const done = await omni.videos.wait(task, {
   *   onProgress: (t, { eta }) => console.log(t.status, t.progress, eta?.remainingMs),
   * });
   * console.log(done.result.video_url, 'valid until', done.expiresAt);
   */
  async wait(task: TaskRef, options?: WaitOptions): Promise<CompletedVideoTask> {
    const taskId = taskIdOf(task);
    options = optionsObject(options, 'options');
    checkWaitOptions(options);
    return waitForTask(
      taskId,
      this.#poller,
      options,
      typeof task === 'string' ? undefined : (task as VideoTask),
    );
  }

  /**
   * The task's snapshots as they change, ending with the terminal one (`completed`,
   * `success`, `failed`, `canceled` or `cancelled`, in any case; a failed or cancelled
   * task is yielded, not thrown). Each snapshot is the task as the service sent it; the
   * SDK's prediction of when it will be done is read with `etaOf(snapshot)`.
   *
   * @throws {TaskResultError} when the task completed without a usable video URL
   * @throws {TaskTimeoutError} past `timeoutMs`
   * @example
   * for await (const snapshot of omni.videos.watch(taskId))
   *   console.log(snapshot.status, snapshot.progress, etaOf(snapshot)?.remainingMs);
   */
  async *watch(
    task: TaskRef,
    options?: Omit<WaitOptions, 'onProgress'>,
  ): AsyncGenerator<VideoTask, void, undefined> {
    const taskId = taskIdOf(task);
    options = optionsObject(options, 'options');
    checkWaitOptions(options);
    const reports = pollTask(
      taskId,
      this.#poller,
      options,
      typeof task === 'string' ? undefined : (task as VideoTask),
    );
    for await (const { task: snapshot } of reports) yield snapshot;
  }

  /**
   * Creates a task and waits for it. `onTaskCreated` receives the task as soon as it
   * exists (a promise it returns is awaited before the first poll); every error after
   * that carries `taskId`, so nothing is lost, a `CallbackError` from a callback too.
   *
   * @example
   * const done = await omni.videos.generate(
   *   { model: 'Gemini-Omini', prompt: 'A fox in the snow' },
   *   { onTaskCreated: (t) => db.save(t.task_id), onProgress: (t, { eta }) => console.log(t.progress, eta) },
   * );
   */
  async generate(
    params: CreateVideoParams,
    options?: GenerateOptions,
  ): Promise<CompletedVideoTask> {
    options = optionsObject(options, 'options');
    checkWaitOptions(options);
    const task = await this.create(params, { signal: options.signal });
    const problem = taskIdProblem(task.task_id);
    // The task exists (and is billed) even though its id cannot be polled: say so, with the id.
    if (problem)
      throw new MalformedResponseError(
        `Task ${JSON.stringify(task.task_id)} was created, but its id cannot be polled (it ${problem}): ` +
          'ask the provider about it before creating another.',
        200,
        { taskId: task.task_id },
      );
    // The deadline counts from the created task, and bounds onTaskCreated too.
    const deadline = this.#poller.clock.now() + (options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    await runCallback(
      'onTaskCreated',
      options.onTaskCreated,
      [task],
      task.task_id,
      callbackLimits(task.task_id, this.#poller, options, deadline, task),
    );
    return waitForTask(task.task_id, this.#poller, options, task, deadline);
  }

  /**
   * Waits for many tasks through one scheduler that keeps to `maxRequestsPerSecond`
   * without bursts. Resolves with each task's outcome in input order.
   *
   * @example
   * const outcomes = await omni.videos.waitMany(ids, { maxRequestsPerSecond: 10 });
   * for (const o of outcomes) if (o.status === 'completed') console.log(o.task.result.video_url);
   */
  async waitMany(tasks: readonly TaskRef[], options?: WaitManyOptions): Promise<TaskOutcome[]> {
    if (!Array.isArray(tasks))
      throw new ValidationError([
        {
          path: 'tasks',
          message: `must be an array of task ids or tasks, not ${describeValue(tasks)}`,
        },
      ]);
    const ids = tasks.map((task, i) => taskIdOf(task, `tasks[${i}]`));
    options = optionsObject(options, 'options');
    checkWaitOptions(options);
    return waitForMany(ids, this.#poller, options);
  }

  /**
   * Saves a task's video (or a video URL) to `destPath`, completely or not at all.
   * The API key is never sent to the video host. When the link has expired, the task
   * is fetched once more for a fresh link. A missing folder is created. A compressed
   * answer is saved decoded; a web page, JSON, XML or text answer is refused. A body
   * cut off resumes from the bytes already written (up to `maxResumes` times). The
   * whole call ends by `timeoutMs`, and when no byte comes for `stallTimeoutMs`. Node,
   * Bun and Deno only (uses node:fs).
   *
   * @throws {DownloadError} when the video cannot be saved (nothing is left at `destPath`)
   * @throws {DownloadTimeoutError} past `timeoutMs` or `stallTimeoutMs` (nothing is left either)
   * @throws {CallbackError} when `onProgress` throws or rejects (nothing is left either)
   * @example
   * await omni.videos.download(done, 'out/fox.mp4', { onProgress: (n, total) => console.log(n, total) });
   */
  async download(
    task: TaskRef,
    destPath: string,
    options?: DownloadOptions,
  ): Promise<DownloadResult> {
    return this.#omni.observer.operation('download', idOf(task), (watch) =>
      this.#download(task, destPath, options, watch),
    );
  }

  async #download(
    task: TaskRef,
    destPath: string,
    options: DownloadOptions | undefined,
    watch: Watch | undefined,
  ): Promise<DownloadResult> {
    options = optionsObject(options, 'options');
    if (typeof destPath !== 'string' || destPath.trim() === '')
      throw new ValidationError([
        {
          path: 'destPath',
          message:
            typeof destPath === 'string'
              ? 'must be a file path, not an empty string'
              : `must be a file path, not ${describeValue(destPath)}`,
        },
      ]);
    assertNumericOptions(options, {
      positive: ['timeoutMs', 'stallTimeoutMs'],
      counts: ['maxResumes'],
    });
    const isUrl = typeof task === 'string' && /^https?:\/\//i.test(task);
    const taskId = isUrl ? undefined : taskIdOf(task);
    // Each request of the download (a resume, a redirect) is an attempt of its trace.
    const fetch = watch ? watch.fetch(this.#omni.fetch) : this.#omni.fetch;
    const save: SaveOptions = { ...options, fetch, taskId };
    if (isUrl) {
      const result = await saveUrl(task, destPath, save);
      if (result.saved) return { path: result.path, bytes: result.bytes };
      throw new DownloadError(
        `The video link answered HTTP ${result.status}: it has expired or was never valid.`,
      );
    }
    const id = taskId as string;
    const known = typeof task === 'string' ? undefined : (task as VideoTask);
    // Links expire (3 days); the service may hand out a fresh one for the same task:
    // asked once, even mid-way through a resumed download.
    const freshUrl = async (signal: AbortSignal) => videoUrlOf(await this.retrieve(id, { signal }));
    const result = await saveUrl(known?.result ? videoUrlOf(known) : freshUrl, destPath, {
      ...save,
      freshUrl,
    });
    if (result.saved) return { path: result.path, bytes: result.bytes };
    throw new DownloadError(
      `The video link of task ${id} has expired (HTTP ${result.status}); videos stay downloadable for 3 days after completion.`,
      { taskId: id },
    );
  }

  async #retrieve(
    taskId: string,
    options: RequestOptions,
    watch?: Watch,
  ): Promise<{ task: VideoTask; retryAfterMs?: number }> {
    assertTaskId(taskId);
    const answer = await this.#omni.send<Record<string, unknown>>(
      (init) =>
        getVideoTask({
          ...init,
          path: { taskId },
          requestValidator,
          responseValidator: validateTask,
        }),
      { ...options, taskId, watch },
    );
    const task = readTask(answer.data, this.#omni.baseUrl, (text) => this.#omni.redactText(text));
    if (task.task_id !== taskId)
      throw new MalformedResponseError(
        `Asked for task ${taskId}, the service answered with task ${task.task_id}.`,
        200,
        { taskId },
      );
    return answer.retryAfterMs === undefined
      ? { task }
      : { task, retryAfterMs: answer.retryAfterMs };
  }
}

/** A task argument's id for a trace, before it is checked (a video URL has none). */
function idOf(task: unknown): string | undefined {
  const id = typeof task === 'object' && task !== null ? (task as VideoTask).task_id : task;
  return typeof id === 'string' && !/^https?:\/\//i.test(id) ? id : undefined;
}

/**
 * A create's failure after it may have reached the service (`processed: 'maybe'`) as a
 * CreateUncertainError: it was not resent, so that no second video is paid for.
 */
function uncertainCreate(error: unknown): unknown {
  if (!(error instanceof OmniError) || error.processed !== 'maybe') return error;
  return new CreateUncertainError(
    error.taskId
      ? `The create answer was broken (${error.message}), but it names task ` +
          `${error.taskId}, which probably exists: check it with retrieve() before creating another.`
      : `The create request may or may not have made a task: ${error.message} ` +
          'It was not resent, so that no second video is paid for. Check your tasks before creating it again.',
    { cause: error, taskId: error.taskId },
  );
}

/** The video URL of a completed task, or a DownloadError saying why there is none. */
function videoUrlOf(task: VideoTask): string {
  const url = task.result?.video_url;
  if (taskPhase(task.status) !== 'succeeded' || !url)
    throw new DownloadError(
      `Task ${task.task_id} has no video yet (status ${task.status}); wait for it first.`,
      { taskId: task.task_id },
    );
  if (!/^https?:\/\//i.test(url))
    throw new DownloadError(
      `Task ${task.task_id} has a video URL that is not http(s); refusing to fetch it.`,
      { taskId: task.task_id },
    );
  return url;
}
