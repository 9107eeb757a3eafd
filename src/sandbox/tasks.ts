/**
 * The tasks the sandbox holds. A task stores only when it was created and how long it
 * waits and runs; its state is computed from the clock on every read, so a test that
 * controls the clock controls the lifecycle exactly, with no timers.
 */
import { canonicalModel } from '../core/facts.js';
import type { CreateVideoRequest, VideoTask } from '../core/generated.js';
import { scriptFromPrompt, type TaskScript } from './markers.js';
import { taskId, type Random } from './random.js';

/** The reason a `[fail]` task reports. */
export const FAILURE_REASON = 'The prompt was refused by the content policy.';

/** The progress a `[progress:jump]` task reports all through processing. */
export const JUMP_PROGRESS = 80;

/**
 * A task the sandbox holds, as tests see it.
 *
 * @example
 * const task = sandbox.task(taskId)!;
 * sandbox.advance(task.endsAtMs - sandbox.now()); // jump to its end
 * expect(task.state.status).toBe('completed');
 */
export interface SandboxTask {
  /** The `task_id`. */
  readonly id: string;
  /** The model after alias normalisation (`Gemini-Omini` or `omni-10s`). */
  readonly model: string;
  /** The create body, as received. */
  readonly request: Readonly<CreateVideoRequest>;
  /** How the task plays out, from the prompt's markers. */
  readonly script: Readonly<TaskScript>;
  /** When it was created, on the sandbox clock (ms). */
  readonly createdAtMs: number;
  /** How long it stays queued (ms, after `timeScale` and jitter). */
  readonly queueMs: number;
  /** How long it processes (ms, after `timeScale` and jitter). */
  readonly runMs: number;
  /** When it ends: `createdAtMs + queueMs + runMs`. */
  readonly endsAtMs: number;
  /** The task now, exactly as `GET /api/open-api/v1/videos/{taskId}` reports it (without faults). */
  readonly state: VideoTask;
}

/** Where a simulated task stands in its timeline (the SDK reads statuses with `taskPhase`). */
export type TaskStage = 'waiting' | 'running' | 'done';

/** Lifecycle timings, already resolved from the options. */
export interface Timings {
  queueMs: number;
  runMs: number;
  timeScale: number;
  jitter: number;
}

interface StoreDeps {
  random: Random;
  timings: Timings;
  now: () => number;
  videoUrl: (task: SandboxTask) => string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export class TaskRecord implements SandboxTask {
  readonly model: string;
  readonly script: TaskScript;
  readonly endsAtMs: number;
  /** The progress last reported to a client; the `progress-backwards` fault goes below it. */
  lastProgress: number | null = null;

  constructor(
    readonly id: string,
    readonly request: CreateVideoRequest,
    readonly createdAtMs: number,
    readonly queueMs: number,
    readonly runMs: number,
    private readonly deps: StoreDeps,
  ) {
    // An alias becomes the canonical model, as the service reports it (spec: x-model-aliases).
    this.model = canonicalModel(request.model);
    this.script = scriptFromPrompt(request.prompt);
    this.endsAtMs = createdAtMs + queueMs + runMs;
  }

  get state(): VideoTask {
    return this.stateAt(this.deps.now());
  }

  phaseAt(nowMs: number): TaskStage {
    const elapsed = nowMs - this.createdAtMs;
    if (elapsed < this.queueMs) return 'waiting';
    if (elapsed < this.queueMs + this.runMs) return 'running';
    return 'done';
  }

  stateAt(nowMs: number): VideoTask {
    const phase = this.phaseAt(nowMs);
    const failed = phase === 'done' && this.script.ending === 'failed';
    return {
      task_id: this.id,
      status: this.statusIn(phase),
      progress: this.progressAt(phase, nowMs),
      model: this.model,
      created_at: seconds(this.createdAtMs),
      completed_at: phase === 'done' ? seconds(this.endsAtMs) : null,
      result:
        phase === 'done' && !failed
          ? { video_url: this.deps.videoUrl(this), image_url: null }
          : null,
      [this.script.reasonField]: failed ? FAILURE_REASON : null,
    };
  }

  private statusIn(phase: TaskStage): string {
    if (phase === 'waiting') return this.script.waitingStatus;
    if (phase === 'running') return 'processing';
    return this.script.ending;
  }

  private progressAt(phase: TaskStage, nowMs: number): number | null {
    if (phase === 'waiting') return 0;
    if (phase === 'done') return this.script.ending === 'failed' ? 0 : 100;
    switch (this.script.progress) {
      case 'stuck':
        return 0;
      case 'jump':
        return JUMP_PROGRESS;
      case 'null':
        return null;
      case 'rising': {
        const ran = nowMs - this.createdAtMs - this.queueMs;
        return Math.min(99, 1 + Math.floor((99 * ran) / this.runMs));
      }
    }
  }
}

export class TaskStore {
  readonly #tasks = new Map<string, TaskRecord>();

  constructor(private readonly deps: StoreDeps) {}

  create(request: CreateVideoRequest): TaskRecord {
    const { random, timings } = this.deps;
    let id = taskId(random);
    while (this.#tasks.has(id)) id = taskId(random);
    const vary = (ms: number) =>
      Math.round(ms * timings.timeScale * (1 + timings.jitter * (2 * random() - 1)));
    const record = new TaskRecord(
      id,
      request,
      this.deps.now(),
      vary(timings.queueMs),
      vary(timings.runMs),
      this.deps,
    );
    this.#tasks.set(id, record);
    return record;
  }

  get(id: string): TaskRecord | undefined {
    return this.#tasks.get(id);
  }

  all(): TaskRecord[] {
    return [...this.#tasks.values()];
  }
}
