/** The spec's task endpoints: create a task, report a task (uploads: upload.ts). */
import type { IncomingHttpHeaders } from 'node:http';
import type { CreateVideoRequest } from '../core/generated.js';
import { ERROR_CODES, errorReply, okReply, type Reply } from './envelope.js';
import type { ActiveFault, FaultKind } from './faults.js';
import type { SpecValidator, SpecViolation } from './spec-validator.js';
import type { TaskRecord, TaskStore } from './tasks.js';

/** What the API routes need. */
export interface ApiDeps {
  tasks: TaskStore;
  validator: SpecValidator;
  now: () => number;
}

function invalid(violations: SpecViolation[]): Reply {
  const list = violations.map((v) => `${v.path || '(body)'} ${v.message}`).join('; ');
  return errorReply(400, ERROR_CODES.badRequest, `invalid request body: ${list}`, { violations });
}

/** `POST /api/open-api/v1/gemini/omni/videos`: validates the body against the spec, then queues a task. */
export function createReply(
  deps: ApiDeps,
  headers: IncomingHttpHeaders,
  bytes: Buffer,
): { reply: Reply; task?: TaskRecord } {
  const type = headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type))
    return {
      reply: errorReply(
        415,
        ERROR_CODES.unsupportedMediaType,
        `content-type must be application/json, not ${JSON.stringify(type)}`,
      ),
    };
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const reason = bytes.length === 0 ? 'the body is empty' : (error as Error).message;
    return { reply: invalid([{ path: '', message: `body is not valid JSON: ${reason}` }]) };
  }
  const validation = deps.validator.validate(body);
  if (!validation.valid) return { reply: invalid(validation.violations) };
  const task = deps.tasks.create(body as CreateVideoRequest);
  return {
    task,
    reply: okReply({
      task_id: task.id,
      status: task.script.waitingStatus,
      model: task.model,
      created_at: Math.floor(task.createdAtMs / 1000),
    }),
  };
}

/**
 * The progress a `progress-backwards` fault goes below: the last one the client saw,
 * or the current one when the client has seen none above 0.
 */
function progressBefore(task: TaskRecord, nowMs: number): number {
  const last = task.lastProgress;
  return last !== null && last >= 1 ? last : (task.stateAt(nowMs).progress ?? 0);
}

/**
 * Whether a retrieve-only fault can strike this request now: `unknown-status` needs a
 * task, `progress-backwards` a processing task with progress above 0 to go back from.
 */
export function taskFaultFits(kind: FaultKind, task: TaskRecord, nowMs: number): boolean {
  if (kind !== 'progress-backwards') return true;
  return task.phaseAt(nowMs) === 'running' && progressBefore(task, nowMs) >= 1;
}

/** `GET /api/open-api/v1/videos/{taskId}`, with a retrieve-only fault applied. */
export function retrieveReply(deps: ApiDeps, taskId: string, fault: ActiveFault | null): Reply {
  const task = deps.tasks.get(taskId);
  if (!task) return errorReply(404, ERROR_CODES.notFound, 'task not found');
  const nowMs = deps.now();
  const state = task.stateAt(nowMs);
  if (fault?.kind === 'unknown-status') state.status = fault.status;
  if (fault?.kind === 'status-case') state.status = state.status.toUpperCase();
  if (fault?.kind === 'progress-backwards')
    state.progress = Math.floor(progressBefore(task, nowMs) / 2);
  else task.lastProgress = state.progress ?? task.lastProgress;
  return okReply(state);
}
