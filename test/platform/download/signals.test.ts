/**
 * Promise (issue 19): a download interrupted by signals leaves nothing behind, even when
 * a second signal comes during the cleanup the first one started (SIGINT and SIGTERM
 * together, a double Ctrl-C, Ctrl-C under `npx omni`, which forwards its own); and a run
 * killed outright (SIGKILL) leaves a temporary file that the next download into the
 * folder removes, so nothing piles up. Real `omni` processes; and the CLI's `--timeout`
 * covers the download.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, utimes } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { bundledCli, runCli, tempDir } from '../../helpers/cli.js';
import { CREATE_PATH, POLL_PATH, sendTask, TASK_ID } from '../../helpers/hostile-api.js';
import { type HostileServer, hostileServer } from '../../helpers/hostile-server.js';
import { clientOn, TEST_KEY } from '../../helpers/omni.js';
import { videoBytes } from '../../helpers/video-host.js';

const VIDEO = videoBytes(300_000);

/** Resolves once `condition` holds, checking on real time. */
async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sends the headers and a first part of the video, then nothing (the connection stays open). */
function stalls(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
  res.write(VIDEO.subarray(0, 100_000));
}

/**
 * The API (create, then a task completed at once) and its video host in one server;
 * `media` answers the video's requests.
 */
async function apiWithVideo(media: (res: ServerResponse) => void): Promise<HostileServer> {
  const server: HostileServer = await hostileServer((req, res) => {
    const task = {
      task_id: TASK_ID,
      status: 'completed',
      progress: 100,
      result: { video_url: `${server.url}/media/v.mp4` },
    };
    if (req.url.startsWith('/media/')) media(res);
    else if (req.method === 'POST' && req.url === CREATE_PATH)
      sendTask(res, { task_id: TASK_ID, status: 'queued' });
    else if (req.url.startsWith(POLL_PATH)) sendTask(res, task);
    else res.writeHead(404).end();
  });
  return server;
}

const base = await tempDir();
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(base, 'run-'));
});
const parts = async () => (await readdir(dir)).filter((name) => name.endsWith('.part'));

describe('a real omni process, signalled mid-download', () => {
  let cli: { bin: string; remove(): Promise<void> };
  let server: HostileServer;
  beforeAll(async () => {
    cli = await bundledCli();
    server = await apiWithVideo(stalls);
  });
  afterAll(async () => {
    await server.close();
    await cli.remove();
  });

  /** Starts `omni download` into `dir/fox.mp4` and resolves once its temporary file exists. */
  async function downloading(): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
    const child = spawn(
      process.execPath,
      [cli.bin, 'download', TASK_ID, '--out', join(dir, 'fox.mp4')],
      {
        env: { PATH: process.env.PATH, JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: server.url },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    await until(async () => (await parts()).length > 0);
    return { child, exited };
  }

  test.each([
    ['SIGINT', 'SIGTERM'],
    ['SIGINT', 'SIGINT'],
    ['SIGTERM', 'SIGINT'],
  ] as const)('%s then %s at once: nothing is left', async (first, second) => {
    const { child, exited } = await downloading();
    child.kill(first);
    child.kill(second);
    expect([130, 143]).toContain(await exited);
    expect(await readdir(dir)).toEqual([]);
  });

  test('SIGKILL leaves a temporary file; the next download into the folder removes it once stale', async () => {
    const { child, exited } = await downloading();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const [left] = await parts();
    expect(left).toMatch(new RegExp(`^\\.omni-${child.pid}-[0-9a-f]{8}\\.part$`));
    // Written 3 minutes ago: its process is gone, and it has not been touched for longer
    // than any live download would go without a byte.
    const then = new Date(Date.now() - 3 * 60_000);
    await utimes(join(dir, left!), then, then);
    const good = await hostileServer(
      (_req, res) => void res.writeHead(200, { 'content-type': 'video/mp4' }).end(VIDEO),
    );
    try {
      const omni = clientOn('https://api.invalid');
      await omni.videos.download(`${good.url}/v.mp4`, join(dir, 'next.mp4'));
    } finally {
      await good.close();
    }
    expect(await readdir(dir)).toEqual(['next.mp4']);
  });
});

describe('--timeout covers the download', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await apiWithVideo(stalls);
  });
  afterAll(() => server.close());
  const env = () => ({ JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: server.url });

  test.each([
    ['download', ['download', TASK_ID]],
    ['generate', ['generate', '--prompt', 'a fox']],
    ['wait', ['wait', TASK_ID]],
  ])('omni %s --timeout 1s --out FILE ends within it, nothing saved', async (_, argv) => {
    const out = join(dir, 'fox.mp4');
    const started = Date.now();
    const result = await Promise.race([
      runCli([...argv, '--out', out, '--timeout', '1s'], { env: env() }),
      new Promise<'unsettled'>((r) => setTimeout(() => r('unsettled'), 5000)),
    ]);
    expect(result).not.toBe('unsettled');
    if (result === 'unsettled') return;
    expect(result.code, result.stderr).not.toBe(0);
    // generate and wait: the download gets what remains of the second.
    expect(result.stderr).toMatch(
      /did not finish within [\d.]+ m?s \(timeoutMs\); nothing was saved/,
    );
    expect(result.stderr).toContain(`omni download ${TASK_ID} --out ${out}`);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await readdir(dir)).toEqual([]);
  });
});
