/** Small helpers for tests that talk to the sandbox over real HTTP on loopback. */
import { CREATE_PATH, TASK_PATH_PREFIX, type Sandbox } from '../../src/sandbox/index.js';
import { TEST_KEY } from './omni.js';

/** A fixed instant for `startSandbox({ now: () => T0 })`; move it with `sandbox.advance`. */
export const T0 = 1_764_259_200_000;

/** A valid create body. */
export const BODY = { model: 'Gemini-Omini', prompt: 'A red fox running through fresh snow' };

/** A JSON answer: status, headers and the parsed body. */
export interface Answer {
  status: number;
  headers: Headers;
  // Tests read arbitrary fields off envelopes.
  body: any;
}

const json = async (res: Response): Promise<Answer> => ({
  status: res.status,
  headers: res.headers,
  body: await res.json(),
});

export const authHeaders = (key: string | null = TEST_KEY): Record<string, string> =>
  key === null ? {} : { authorization: `Bearer ${key}` };

/** `POST` a create body (serialised as JSON unless it is a string). */
export function postCreate(
  sandbox: Sandbox,
  body: unknown = BODY,
  init: { key?: string | null; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(sandbox.url + CREATE_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...authHeaders(init.key === undefined ? TEST_KEY : init.key),
      ...init.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

export function getTask(
  sandbox: Sandbox,
  id: string,
  init: { key?: string | null; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(sandbox.url + TASK_PATH_PREFIX + encodeURIComponent(id), {
    headers: authHeaders(init.key === undefined ? TEST_KEY : init.key),
    signal: init.signal,
  });
}

export const create = async (sandbox: Sandbox, body: unknown = BODY) =>
  json(await postCreate(sandbox, body));

export const retrieve = async (sandbox: Sandbox, id: string) => json(await getTask(sandbox, id));

/** Creates a task and returns its id (fails the test if the create did not succeed). */
export async function createTaskId(sandbox: Sandbox, prompt = BODY.prompt): Promise<string> {
  const answer = await create(sandbox, { ...BODY, prompt });
  if (answer.body.code !== '20000')
    throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body.data.task_id as string;
}

/** The `.cause.code` of a rejected fetch (`ECONNRESET`, `UND_ERR_SOCKET`, ...). */
export async function networkError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
  throw new Error('expected the request to fail');
}
