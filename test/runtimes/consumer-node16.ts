// Type-checked by scripts/runtimes.mjs under module/moduleResolution node16 (with
// @types/node, for createRequire): the way to import the bundled spec there.
import { Omni, TaskFailedError, type VideoTask } from 'jimmyai-omni';
import { startSandbox, type RecordedRequest, type Sandbox } from 'jimmyai-omni/sandbox';
import { createRequire } from 'node:module';

// module node16 has no import attributes: JSON comes through require.
const spec = createRequire(import.meta.url)('jimmyai-omni/openapi.json') as { openapi: string };

export async function demo(): Promise<string> {
  const sandbox: Sandbox = await startSandbox({ timeScale: 0.01, cors: false });
  try {
    const omni = new Omni({ apiKey: 'sk_test', baseUrl: sandbox.url });
    const task: VideoTask = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' });
    const seen: readonly RecordedRequest[] = sandbox.requests;
    return `${task.task_id} ${seen.length} ${spec.openapi}`;
  } catch (error) {
    return error instanceof TaskFailedError ? String(error.reason) : 'other';
  } finally {
    await sandbox.close();
  }
}
