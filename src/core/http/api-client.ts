/**
 * The one generated (hey-api) client of an `Omni`, configured once: everything a request
 * goes through lives in its configuration, interceptors and validators.
 *
 * - transport: the configured `fetch` (src/core/http/transport.ts: redirects, "not sent"),
 *   `redirect: 'manual'`, the bearer key read at request time through `auth`;
 * - envelope and validation: every answer is parsed as JSON whatever its Content-Type
 *   (a tolerant reader), the request interceptor puts the envelope check in front of
 *   the call's response validator, and the transformer unwraps `data`. The spec's
 *   checks of each operation (generated/validators.gen.ts) are the client's default
 *   request and response validators, so any generated function called through
 *   `omni.request` is checked; a resource passes its own, more tolerant, reading;
 * - error mapping and key redaction: the error interceptor turns whatever failed into a
 *   typed `OmniError`, without the key.
 *
 * Retries are the one part outside the client (src/core/http/send.ts): a retry must build
 * the request again (a streamed upload body can be read once), which neither a fetch
 * wrapper nor an interceptor can do.
 */
import { type Client, createClient, createConfig, withoutClientOption } from '../generated.js';
import {
  ATTEMPT,
  type AttemptMeta,
  envelopeValidator,
  refuseEmptySuccess,
  toOmniError,
} from './envelope.js';
import { transportFetch } from './transport.js';
import { capAnswer, MAX_ANSWER_BYTES } from './answer-cap.js';
import { MalformedResponseError, ValidationError, type ValidationIssue } from '../errors.js';
import {
  checkAnswer,
  describeSchemaError,
  OPERATION_CHECKS,
  type SchemaError,
  SpecMismatch,
} from '../schemas.js';
import { fromSchemaErrors, pointerPath } from '../request/issues.js';

/** What the client is made from. */
export interface ApiClientOptions {
  baseUrl: string;
  /** The key, read at request time so it is never stored in the config. */
  apiKey: () => string | undefined;
  /** The fetch under the transport. */
  fetch: typeof fetch;
  /** `fetch` is the runtime's own (not one the caller gave): see answer-cap.ts. */
  runtimeFetch?: boolean;
  /** The time, to read an HTTP-date Retry-After. */
  now: () => number;
  /** Removes the key from an error's texts, in place (src/core/redact.ts). */
  redact: <T>(value: T) => T;
}

type Validator = (data: unknown) => Promise<unknown>;

/** A call's options, as the validators see them (merged with the client's config). */
interface CallOptions {
  method?: string;
  url?: string;
  body?: unknown;
  path?: unknown;
  query?: unknown;
}

/** The spec's checks of the operation a call is for, found by its method and path template. */
const checksOf = (opts: CallOptions) => OPERATION_CHECKS[`${opts.method} ${opts.url}`];

/**
 * The default request validator: the operation's body, path and query parameters
 * against the spec, before anything is built or sent; a refusal is a
 * {@link ValidationError} whose paths start with the part (`body.duration`).
 */
async function checkArguments(options: unknown): Promise<void> {
  const opts = options as CallOptions;
  const checks = checksOf(opts);
  if (!checks) return;
  const issues: ValidationIssue[] = [];
  for (const part of ['body', 'path', 'query'] as const) {
    const check = checks[part];
    if (!check || check(opts[part])) continue;
    issues.push(...fromSchemaErrors(check.errors ?? [], [], opts[part], [part]));
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * The default response validator: the operation's success answer against the spec, an
 * envelope read as the resources read theirs (checkAnswer), any other answer whole.
 */
function answerCheck(opts: CallOptions): Validator | undefined {
  const check = checksOf(opts)?.response;
  if (!check) return undefined;
  if (typeof check !== 'function') return async (answer) => checkAnswer(check, answer);
  return async (answer) => {
    if (check(answer)) return;
    throw new SpecMismatch(
      (check.errors ?? []).map((error: SchemaError) => ({
        path: pointerPath(error.instancePath),
        message: describeSchemaError(error),
        code: error.keyword,
      })),
    );
  };
}

/**
 * The configured client. The returned client drops the `client` option before each
 * request (see `withoutClientOption`), so the generated SDK functions take it as is.
 *
 * @example
 * const client = createApiClient({ baseUrl, apiKey: () => key, fetch, now: Date.now, redact });
 * await getVideoTask({ client, path: { taskId } });
 */
export function createApiClient(options: ApiClientOptions): Client {
  const client = createClient(
    createConfig({
      baseUrl: options.baseUrl,
      auth: options.apiKey,
      // Every answer is capped (answer-cap.ts) and its body tied to the attempt's signal.
      fetch: transportFetch(options.fetch, (response, request) =>
        capAnswer(response, MAX_ANSWER_BYTES, request.signal, options.runtimeFetch),
      ),
      redirect: 'manual',
      // Every body is read and parsed, whatever its Content-Type says.
      parseAs: 'json',
      requestValidator: checkArguments,
      // Runs after the validator: only a checked success envelope gets here. The data is
      // handed back as it came: redaction is for error texts, never ids, links or data.
      responseTransformer: async (envelope) => (envelope as { data: unknown }).data,
    }),
  );
  // The interceptor sees the call's merged options, the one place where the spec's
  // validator (set by the generated function) and the envelope check can be composed.
  client.interceptors.request.use((request, opts) => {
    const meta = (opts as { meta?: Record<string, unknown> }).meta?.[ATTEMPT] as
      AttemptMeta | undefined;
    if (meta) meta.request = request;
    opts.responseValidator = envelopeValidator(
      (opts.responseValidator as Validator | undefined) ?? answerCheck(opts as CallOptions),
    );
    return request;
  });
  client.interceptors.response.use(refuseEmptySuccess);
  client.interceptors.error.use((error, response, request, opts) => {
    const meta = (opts as { meta?: Record<string, unknown> } | undefined)?.meta?.[ATTEMPT] as
      AttemptMeta | undefined;
    try {
      return options.redact(
        toOmniError(error, response, request, meta ?? { timeoutMs: 0 }, options.now()),
      );
    } catch (cause) {
      // A last line of defence: an answer odd enough to make reading it throw (found by
      // the response fuzz) is a malformed answer, never a raw exception.
      const status = response?.status ?? 0;
      return new MalformedResponseError(`The answer (HTTP ${status}) could not be read.`, status, {
        cause,
        ...(meta?.taskId === undefined ? {} : { taskId: meta.taskId }),
      });
    }
  });
  return withoutClientOption(client);
}
