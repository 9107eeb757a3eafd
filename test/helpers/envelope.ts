/**
 * The API's `{ code, msg, data }` envelope around a success, for the servers tests play:
 * the one builder (the SDK reads envelopes in src/core/http/envelope.ts, the sandbox
 * writes them in src/sandbox/envelope.ts). Error envelopes stay written out in the tests
 * that send them: their exact shape is what those tests are about.
 */
import { SUCCESS_CODE } from '../../src/sandbox/index.js';

/**
 * The success envelope around `data`.
 *
 * @example
 * res.end(JSON.stringify(ok({ task_id: 'task_1', status: 'queued' })));
 */
export function ok<T>(data: T): { code: typeof SUCCESS_CODE; msg: string; data: T } {
  return { code: SUCCESS_CODE, msg: 'ok', data };
}
