// Deno without --allow-env (scripts/runtimes.mjs): the environment cannot be read, and
// the client says so instead of ignoring JIMMYAI_API_KEY and JIMMYAI_BASE_URL.
import { Omni, ValidationError } from 'jimmyai-omni';

const refusal = (make) => {
  try {
    make();
    return 'no error';
  } catch (error) {
    return error instanceof ValidationError
      ? error.issues.map((i) => i.path).join(',')
      : String(error);
  }
};
const result = {
  noOptions: refusal(() => new Omni()),
  keyOnly: refusal(() => new Omni({ apiKey: 'sk_explicit' })),
  both: refusal(() => new Omni({ apiKey: 'sk_explicit', baseUrl: 'http://127.0.0.1:9' })),
};
const ok =
  result.noOptions === 'JIMMYAI_API_KEY' &&
  result.keyOnly === 'JIMMYAI_BASE_URL' &&
  result.both === 'no error';
console.log(JSON.stringify({ ok, ...result }));
process.exitCode = ok ? 0 : 1;
