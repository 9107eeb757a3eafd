/**
 * The door from src/ into generated/: types, SDK functions and the fetch client.
 *
 * generated/ is rewritten by `npm run generate` whenever the spec changes; everything
 * handwritten reaches it through this module (and its twin for the Zod schemas,
 * src/schemas.ts) only, so a regeneration that renames something breaks here, in one
 * place, and the typecheck says where.
 */
import * as sdk from '../generated/sdk.gen.js';
import type { Client } from '../generated/client/index.js';

export { createClient, createConfig } from '../generated/client/index.js';
export type { Client, Config } from '../generated/client/index.js';
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
} from '../generated/types.gen.js';

// Why the SDK functions are wrapped (what the generator cannot express): hey-api 0.99's
// fetch client spreads every call option into the RequestInit of `new Request()`, the
// `client` option included, and Deno reads `client` as its own option (a
// Deno.HttpClient), so every request fails there before anything is sent (hey-api issue
// 4177; a custom fetch cannot help, the Request is built first). The generated
// functions take the client as that option and pass it on; they get a view of the
// client whose methods drop the key. Remove once the pinned hey-api builds a clean init.
const views = new WeakMap<Client, Client>();
type Method = (options: { client?: unknown }) => unknown;
const dropClient =
  (method: Method): Method =>
  ({ client: _client, ...rest }) =>
    method(rest);

function withoutClientOption(client: Client): Client {
  let view = views.get(client);
  if (!view) {
    const methods = client as unknown as Record<'get' | 'post' | 'request', Method>;
    view = {
      ...client,
      get: dropClient(methods.get),
      post: dropClient(methods.post),
      request: dropClient(methods.request),
    } as Client;
    views.set(client, view);
  }
  return view;
}

/** The generated `createVideo`, with a RequestInit free of the `client` option (see above). */
export function createVideo<ThrowOnError extends boolean = false>(
  options: Parameters<typeof sdk.createVideo<ThrowOnError>>[0],
): ReturnType<typeof sdk.createVideo<ThrowOnError>> {
  return sdk.createVideo({ ...options, client: withoutClientOption(options.client) });
}

/** The generated `getVideoTask`, with a RequestInit free of the `client` option (see above). */
export function getVideoTask<ThrowOnError extends boolean = false>(
  options: Parameters<typeof sdk.getVideoTask<ThrowOnError>>[0],
): ReturnType<typeof sdk.getVideoTask<ThrowOnError>> {
  return sdk.getVideoTask({ ...options, client: withoutClientOption(options.client) });
}

/** The generated `uploadFile`, with a RequestInit free of the `client` option (see above). */
export function uploadFile<ThrowOnError extends boolean = false>(
  options: Parameters<typeof sdk.uploadFile<ThrowOnError>>[0],
): ReturnType<typeof sdk.uploadFile<ThrowOnError>> {
  return sdk.uploadFile({ ...options, client: withoutClientOption(options.client) });
}
