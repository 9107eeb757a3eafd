/**
 * The door from src/ into generated/: types, SDK functions and the fetch client.
 *
 * generated/ is rewritten by `npm run generate` whenever the spec changes; everything
 * handwritten reaches it through this module (and its twin for the generated validators,
 * src/core/schemas.ts) only, so a regeneration that renames something breaks here, in one
 * place, and the typecheck says where.
 */
export { createVideo, getVideoTask, uploadFile } from '../../generated/sdk.gen.js';
import type { Client } from '../../generated/client/index.js';

export { createClient, createConfig } from '../../generated/client/index.js';
export type { Client, Config } from '../../generated/client/index.js';
export type {
  CreateVideoRequest,
  CreateVideoResponse,
  ErrorEnvelope,
  GenerationType,
  GetVideoTaskResponse,
  KnownResponseCode,
  KnownVideoTaskStatus,
  UploadedFile,
  UploadFileRequest,
  VideoDuration,
  VideoModel,
  VideoOrientation,
  VideoResolution,
  VideoTask,
  VideoTaskCreated,
  VideoTaskResult,
} from '../../generated/types.gen.js';

// Why the client is wrapped (what the generator cannot express): hey-api 0.99's fetch
// client spreads every call option into the RequestInit of `new Request()`, the
// `client` option included, and Deno reads `client` as its own option (a
// Deno.HttpClient), so every request fails there before anything is sent (hey-api issue
// 4177; a custom fetch cannot help, the Request is built first). The generated
// functions take the client as that option and pass it on; the client they are given
// is a view whose methods drop it. Remove once the pinned hey-api builds a clean init.
type Method = (options: { client?: unknown }) => unknown;
const dropClient =
  (method: Method): Method =>
  ({ client: _client, ...rest }) =>
    method(rest);

/**
 * `client`, with methods that drop the `client` option before building the request
 * (see above).
 *
 * @example
 * const client = withoutClientOption(createClient(createConfig({ baseUrl })));
 */
export function withoutClientOption(client: Client): Client {
  const methods = client as unknown as Record<string, Method>;
  const view: Record<string, unknown> = { ...client };
  for (const name of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'])
    view[name] = dropClient(methods[name] as Method);
  return view as unknown as Client;
}
