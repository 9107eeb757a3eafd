/**
 * The response validators handed to the generated SDK functions.
 *
 * The generated validators check every 2xx body against the success envelope, so an
 * error envelope delivered with HTTP 200 (`data: {}` or other shapes) would surface
 * as a schema error instead of the service's code and msg. These check the success
 * schema only when the envelope says success (error envelopes are read by
 * http/outcome.ts), and note the task id of a refused answer.
 */
import { isSuccessCode, noteAnswerTaskId } from './http/outcome.js';

type Schema = { parseAsync(value: unknown): Promise<unknown> };

/**
 * A validator that checks `schema` on success envelopes only.
 *
 * @example
 * createVideo({ client, body, responseValidator: successValidator(zCreateVideoResponse) });
 */
export const successValidator = (schema: Schema) => async (body: unknown) => {
  if (!isSuccessCode((body as { code?: unknown } | null)?.code)) return;
  await schema.parseAsync(body).catch((error: unknown) => {
    throw noteAnswerTaskId(error, body);
  });
};
