// Type-checked by scripts/runtimes.mjs against the packed package, without @types/node
// (strict, skipLibCheck false) under nodenext and bundler resolution, on each TypeScript.
import { Omni, TaskFailedError, type VideoTask } from 'jimmyai-omni';
import { startSandbox, type RecordedRequest, type Sandbox } from 'jimmyai-omni/sandbox';
import spec from 'jimmyai-omni/openapi.json' with { type: 'json' };

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
