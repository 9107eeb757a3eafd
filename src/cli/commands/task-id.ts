/** The `<taskId>` argument of `status`, `wait` and `download`. */
import type { InputIssue } from '../usage-error.js';

/** Help for the `<taskId>` argument. */
export const TASK_ID_ARGUMENT = {
  name: '<taskId>',
  description: 'The id printed by omni create or omni generate (task_...)',
};

/**
 * The task id from the positionals, or an issue when it is missing. The SDK checks
 * its form (no `/`, not `.` or `..`) before sending.
 */
export function taskIdOf(positionals: string[], issues: InputIssue[]): string {
  const id = positionals[0]?.trim();
  if (!id)
    issues.push({ where: '<taskId>', message: 'is required: the id printed by omni create' });
  return id ?? '';
}
