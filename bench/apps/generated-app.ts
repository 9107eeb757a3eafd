/**
 * The size benchmark's middle app (bench/size.ts): the same create-and-wait written on
 * the generated hey-api client and SDK functions alone (no validators since issue 18),
 * with a hand-written fixed 5 s poll: what the generated layer costs
 * before the handwritten one (src/) adds its rules, retries, errors and schedule.
 */
import {
  createClient,
  createConfig,
  createVideo,
  getVideoTask,
  type VideoTask,
} from '../../src/core/generated.js';

const client = createClient(
  createConfig({ baseUrl: 'https://www.jimmyai.cn', auth: () => 'sk_demo_public' }),
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const created = await createVideo({
  client,
  body: { model: 'Gemini-Omini', prompt: 'A red fox in fresh snow' },
  throwOnError: true,
});
let task: VideoTask = created.data.data!;
while (task.status !== 'completed' && task.status !== 'success') {
  if (task.status === 'failed') throw new Error(`task failed: ${task.error_message}`);
  await sleep(5000);
  const answer = await getVideoTask({ client, path: { taskId: task.task_id }, throwOnError: true });
  task = answer.data.data!;
  console.log(task.status, task.progress);
}
console.log(task.result?.video_url);
