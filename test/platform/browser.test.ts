/**
 * The browser build in a real page, in Chromium: a page served from one origin creates
 * a task, watches its progress, waits for it and fetches the video from the sandbox
 * on another origin (CORS); `download` fails with a typed DownloadError (no file system
 * in a page); the key is refused without dangerouslyAllowBrowser; and against a host
 * without CORS the error says that the browser may have blocked the request.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { browserBundleOptions } from '../../scripts/build-options.mjs';
import { CREATE_PATH, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { launchChromium } from '../helpers/chromium.js';
import { type HostileServer, hostileServer } from '../helpers/hostile-server.js';

const ROOT = join(import.meta.dirname, '../..');

/** The page: runs the flow when the test calls window.run(sandboxUrl, blockedUrl). */
const PAGE = `<!doctype html><title>omni in a page</title>
<script type="module">
  import { Omni, ValidationError, DownloadError } from '/sdk.js';
  // Errors come back as data: a page's stack trace would confuse the test runner.
  window.run = (sandboxUrl, blockedUrl) =>
    flow(sandboxUrl, blockedUrl).catch((e) => ({ failed: e.name + ': ' + e.message }));
  async function flow(sandboxUrl, blockedUrl) {
    const out = {};
    try { new Omni({ apiKey: 'sk_in_a_page' }); out.refused = false; }
    catch (e) { out.refused = e instanceof ValidationError && e.issues[0]?.path === 'apiKey'; }
    const omni = new Omni({ apiKey: 'sk_public_demo', baseUrl: sandboxUrl, dangerouslyAllowBrowser: true });
    const task = await omni.videos.create({ model: 'gemini-omni', prompt: 'a fox in a page' });
    out.seen = [];
    for await (const s of omni.videos.watch(task, { pollIntervalMs: 15 })) out.seen.push([s.status, s.progress]);
    const done = await omni.videos.wait(task.task_id, { pollIntervalMs: 15 });
    out.status = done.status;
    out.videoBytes = (await (await fetch(done.result.video_url)).arrayBuffer()).byteLength;
    try { await omni.videos.download(done, 'fox.mp4'); out.download = 'saved'; }
    catch (e) { out.download = { typed: e instanceof DownloadError, name: e.name, message: e.message, taskId: e.taskId }; }
    const blocked = new Omni({ apiKey: 'sk_public_demo', baseUrl: blockedUrl, dangerouslyAllowBrowser: true });
    try { await blocked.videos.create({ model: 'gemini-omni', prompt: 'blocked' }); out.blocked = 'sent'; }
    catch (e) { out.blocked = { name: e.name, cause: e.cause?.message }; }
    return out;
  }
  window.ready = true;
</script>`;

let sandbox: Sandbox;
let noCors: Sandbox;
let pages: HostileServer;
let pageOrigin: string;
let code: string;

beforeAll(async () => {
  const bundle = await build({
    absWorkingDir: ROOT,
    ...browserBundleOptions(join(ROOT, 'dist-test')),
    sourcemap: false,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  code = bundle.outputFiles[0]!.text;
  expect(Object.keys(bundle.metafile!.inputs)).not.toContain('src/platform/node.ts');
  [sandbox, noCors] = await Promise.all([
    startSandbox({ timeScale: 0.05, jitter: 0 }),
    startSandbox({ cors: false }),
  ]);
  pages = await hostileServer((req, res) => {
    const js = req.url === '/sdk.js';
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
    res.end(js ? code : PAGE);
  });
  pageOrigin = pages.url;
});
afterAll(async () => {
  await Promise.all([sandbox?.close(), noCors?.close()]);
  await pages?.close();
});

test('the browser build holds no Node import', () => {
  expect(code).not.toMatch(
    /(from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:|(fs|crypto|path|stream)(\/promises)?["'])/,
  );
});

test('a page on another origin creates, watches, waits and fetches the video; download is a typed error', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${pageOrigin}/`);
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
    const out = await page.evaluate(
      ([url, blockedUrl]) =>
        (window as unknown as { run: (a: string, b: string) => Promise<unknown> }).run(
          url!,
          blockedUrl!,
        ),
      [sandbox.url, noCors.url],
    );
    expect(problems).toEqual([]);
    expect(out).not.toHaveProperty('failed');
    const result = out as {
      refused: boolean;
      seen: [string, number][];
      status: string;
      videoBytes: number;
      download: { typed: boolean; name: string; message: string; taskId: string };
      blocked: { name: string; cause: string };
    };
    expect(result.refused).toBe(true);
    expect(result.status).toBe('completed');
    // Progress was watched as it rose, ending on the completed snapshot.
    expect(result.seen.at(-1)).toEqual(['completed', 100]);
    expect(result.seen.some(([status, p]) => status === 'processing' && p > 0 && p < 100)).toBe(
      true,
    );
    expect(result.videoBytes).toBe(2122);
    expect(result.download).toMatchObject({ typed: true, name: 'DownloadError' });
    expect(result.download.message).toMatch(/needs a file system \(Node, Bun or Deno\)/);
    expect(result.download.taskId).toBe(sandbox.tasks[0]!.id);
    // The create really came from the page's origin, to the sandbox's.
    const create = sandbox.requests.find((r) => r.path === CREATE_PATH)!;
    expect(create.headers.origin).toBe(pageOrigin);
    expect(pageOrigin).not.toBe(sandbox.url);
    // Without CORS on the host, the browser blocks it; the error says that it may be so.
    expect(result.blocked.name).toBe('CreateUncertainError');
    expect(result.blocked.cause).toMatch(/blocked by CORS.*allow this page's origin/);
  } finally {
    await browser.close();
  }
}, 60_000);
