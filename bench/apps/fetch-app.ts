/**
 * The size benchmark's plain-fetch app (bench/size.ts): the same create-and-wait as
 * sdk-app.ts, written by hand with no validation, no retries and a fixed 5 s poll.
 */
const BASE = 'https://www.jimmyai.cn/api/open-api/v1';
const KEY = 'sk_demo_public';

interface Task {
  task_id: string;
  status: string;
  progress?: number | null;
  result?: { video_url?: string } | null;
  error_message?: string | null;
}

async function call(path: string, init: RequestInit = {}): Promise<Task> {
  const response = await fetch(BASE + path, {
    ...init,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
  });
  const body = (await response.json()) as { code: string; msg: string; data: Task };
  if (!response.ok || body.code !== '20000')
    throw new Error(`HTTP ${response.status}, code ${body.code}: ${body.msg}`);
  return body.data;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let task = await call('/gemini/omni/videos', {
  method: 'POST',
  body: JSON.stringify({ model: 'Gemini-Omini', prompt: 'A red fox in fresh snow' }),
});
while (task.status !== 'completed' && task.status !== 'success') {
  if (task.status === 'failed') throw new Error(`task failed: ${task.error_message}`);
  await sleep(5000);
  task = await call(`/videos/${encodeURIComponent(task.task_id)}`);
  console.log(task.status, task.progress);
}
console.log(task.result?.video_url);
