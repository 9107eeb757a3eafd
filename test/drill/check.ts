/**
 * Runs INSIDE the drill's copy of the project, after the changed spec was regenerated:
 * asks the SDK, the CLI, the sandbox and the bundled docs spec about the change, and
 * prints what each said as one JSON object, for test/drill/api-change.test.ts to judge.
 * It sits at the same place in the copy (test/drill/), so its relative imports reach the
 * copy's own src/ and generated/, never this project's.
 */
import spec from '../../generated/openapi.json' with { type: 'json' };
import { main } from '../../src/cli/main.js';
import { ROUTES } from '../../src/core/facts.js';
import * as api from '../../src/index.js';
import { Omni, rawAnswer, ValidationError } from '../../src/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NEW_ENDPOINT, NEW_FIELD, NEW_MODEL, NEW_RESPONSE_FIELD } from './change.js';

const KEY = 'sk_drill';
const omni = new Omni({ apiKey: KEY });

/** What prepare() says of a body: accepted (body, effective, warnings) or the issues. */
function prepare(body: Record<string, unknown>) {
  try {
    const { body: sent, effective, warnings } = omni.videos.prepare(body as never);
    return { accepted: true as const, sent, effective, warnings };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { accepted: false as const, issues: error.issues };
  }
}

async function sandboxCreate(sandbox: Sandbox, body: unknown) {
  const res = await fetch(sandbox.url + ROUTES.createVideo.path, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, envelope: (await res.json()) as Record<string, any> };
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t: string) => (stdout += t),
    stderr: (t: string) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

/**
 * The new endpoint, called the way a user can before any facade method exists: the
 * package's export of its generated function (src/core/operations.ts, a star export: no
 * edit), through `omni.request` (key, timeouts, retries, envelope, typed errors).
 */
async function callNewEndpoint(baseUrl: string, taskId: string): Promise<unknown> {
  const operation = (api as Record<string, unknown>)[NEW_ENDPOINT.operationId];
  if (typeof operation !== 'function')
    throw new Error(`the package does not export ${NEW_ENDPOINT.operationId}`);
  const client = new Omni({ apiKey: KEY, baseUrl });
  return client.request(operation as never, { path: { taskId } } as never);
}

const prompt = 'a fox in the snow';
const bodies: Record<string, Record<string, unknown>> = {
  newModelFixedValues: { model: NEW_MODEL.name, prompt, duration: 8, resolution: '720p' },
  newModelAtLimit: {
    model: NEW_MODEL.name,
    prompt,
    image_urls: Array.from({ length: NEW_MODEL.maxReferences }, (_, i) => `https://e.com/${i}.jpg`),
  },
  newModelOverLimit: {
    model: NEW_MODEL.name,
    prompt,
    image_urls: Array.from(
      { length: NEW_MODEL.maxReferences + 1 },
      (_, i) => `https://e.com/${i}.jpg`,
    ),
  },
  newModelVideo: { model: NEW_MODEL.name, prompt, video_urls: ['https://e.com/a.mp4'] },
  newFieldInRange: { model: 'Gemini-Omini', prompt, [NEW_FIELD.name]: NEW_FIELD.maximum },
  newFieldOutOfRange: { model: 'Gemini-Omini', prompt, [NEW_FIELD.name]: NEW_FIELD.maximum + 1 },
  removedValue: { model: 'Gemini-Omini', prompt, resolution: '4k' },
  keptValue: { model: 'Gemini-Omini', prompt, resolution: '1080p' },
};

/** A create answered with the new response field holding `value`: what the SDK hands back. */
async function createAnswering(value: unknown) {
  const data = { task_id: 'task_1', status: 'queued', [NEW_RESPONSE_FIELD]: value };
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: '20000', msg: 'ok', data }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const client = new Omni({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const task = await client.videos.create({ model: 'Gemini-Omini', prompt });
    return { task, raw: rawAnswer(task) };
  } finally {
    server.close();
  }
}

const sandbox = await startSandbox();
try {
  const agreement: Record<string, unknown> = {};
  for (const [name, body] of Object.entries(bodies)) {
    const answer = await sandboxCreate(sandbox, body);
    agreement[name] = {
      prepare: prepare(body),
      sandbox: { status: answer.status, msg: answer.envelope.msg, code: answer.envelope.code },
    };
  }
  const help = await cli(['generate', '--help']);
  const createHelp = await cli(['create', '--help']);
  const dryRun = await cli([
    'create',
    '--prompt',
    prompt,
    `--${NEW_FIELD.name}`,
    '12',
    '--dry-run',
    '--json',
  ]);
  const badFlag = await cli([
    'create',
    '--prompt',
    prompt,
    `--${NEW_FIELD.name}`,
    'many',
    '--dry-run',
  ]);
  const removedFlag = await cli(['create', '--prompt', prompt, '--resolution', '4k', '--dry-run']);
  const newModelFlag = await cli([
    'create',
    '--prompt',
    prompt,
    '--model',
    NEW_MODEL.name,
    '--duration',
    '8',
    '--dry-run',
    '--json',
  ]);
  const endpoint = await callNewEndpoint(sandbox.url, 'task_01JD7Z6Q2M8V4');
  const endpointBadId = await fetch(
    `${sandbox.url}${NEW_ENDPOINT.path.replace('{taskId}', 'a%2Fb')}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
    },
  );
  const responseField = { typed: await createAnswering(3), wrong: await createAnswering('free') };
  const docs = {
    models: spec.components.schemas.VideoModel.enum,
    resolutions: spec.components.schemas.VideoResolution.enum,
    paths: Object.keys(spec.paths),
    fields: Object.keys(spec.components.schemas.CreateVideoRequest.properties),
  };
  process.stdout.write(
    JSON.stringify({
      agreement,
      cli: { help, createHelp, dryRun, badFlag, removedFlag, newModelFlag },
      endpoint,
      responseField,
      endpointBadId: { status: endpointBadId.status, envelope: await endpointBadId.json() },
      docs,
    }),
  );
} finally {
  await sandbox.close();
}
