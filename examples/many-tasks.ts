/**
 * Many tasks at once: create several, then wait for all of them under one rate cap.
 *
 * Shows `omni.videos.waitMany(ids, { maxRequestsPerSecond })`: one scheduler polls
 * every task without bursts and resolves with each outcome in input order (a failed
 * task is an outcome, not an exception). Prompts come from the arguments, if any.
 * Exits 1 unless every task was created and completed, so a script can rely on it.
 *
 * Run (in this repository; with the published package any TypeScript runner works):
 *   JIMMYAI_API_KEY=sk_... node scripts/run-ts.mjs examples/many-tasks.ts ["prompt" ...]
 */
import { CreateUncertainError, Omni } from 'jimmyai-omni';

const prompts =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        'A paper boat drifting down a rainy street',
        'Time-lapse of clouds rolling over a mountain ridge',
        'A hummingbird hovering at a red flower, slow motion',
      ];
const omni = new Omni(); // reads JIMMYAI_API_KEY, and JIMMYAI_BASE_URL when set

const ids: string[] = [];
for (const prompt of prompts) {
  try {
    const task = await omni.videos.create({ model: 'Gemini-Omini', prompt });
    ids.push(task.task_id);
    console.log(`created task ${task.task_id}: ${prompt}`);
  } catch (err) {
    // Never resend blindly: the task may exist and be billed. Check your tasks first.
    if (!(err instanceof CreateUncertainError)) throw err;
    console.error(`not sure "${prompt}" was created; not resent`);
  }
}

const outcomes = await omni.videos.waitMany(ids, { maxRequestsPerSecond: 5 });
for (const [i, outcome] of outcomes.entries()) {
  const line = `${i + 1}. ${outcome.taskId}: ${outcome.status}`;
  if (outcome.status === 'completed')
    console.log(`${line}, video valid until ${outcome.task.expiresAt.toISOString()}`);
  else if (outcome.status === 'failed') console.log(`${line} (${outcome.error.reason})`);
  else if (outcome.status === 'timed_out') console.log(`${line}; resume with resume-by-id.ts`);
  else console.log(`${line}: ${outcome.error.message}`);
}
const completed = outcomes.filter((o) => o.status === 'completed').length;
console.log(`${completed} of ${outcomes.length} completed`);
// Not every video was made (a failure, a timeout, a create not sent): a script must see it.
if (completed < prompts.length) process.exitCode = 1;
