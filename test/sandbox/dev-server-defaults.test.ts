/**
 * The sandbox runs on its users' machines, so it has the defaults of a careful dev
 * server: it answers only requests addressed to it by a loopback name or an IP (DNS
 * rebinding cannot drive it from a web page), serves uploads only as the type their
 * extension allows and never as a page, and keeps bounded memory however long it runs.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  CREATE_PATH,
  SANDBOX_DEFAULTS,
  startSandbox,
  UPLOAD_PATH,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/index.js';
import { authHeaders, BODY, postCreate } from '../helpers/sandbox.js';
import { TEST_KEY } from '../helpers/omni.js';

const sandboxes: Sandbox[] = [];
async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ timeScale: 0, ...options });
  sandboxes.push(sandbox);
  return sandbox;
}
afterAll(() => Promise.all(sandboxes.map((s) => s.close())));

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request with any `Host` header (fetch always sends the URL's own), as a browser
 * sends it after DNS rebinding: to the sandbox's port, under the attacker's name.
 */
function withHost(
  sandbox: Sandbox,
  host: string | null,
  { method = 'POST', path = CREATE_PATH, headers = {} as Record<string, string> } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = method === 'POST' ? JSON.stringify(BODY) : undefined;
    const req = request(
      {
        host: '127.0.0.1',
        port: sandbox.port,
        method,
        path,
        setHost: host !== null,
        headers: {
          ...(host === null ? {} : { host }),
          ...authHeaders(),
          'content-type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the Host check (DNS rebinding)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await sandboxWith();
  });

  test.each([
    'evil.example',
    `evil.example:${8787}`,
    'rebind.attacker.test.',
    'localhost.evil.example',
  ])('refuses Host %j with 403 and no CORS headers, and creates nothing', async (host) => {
    const before = sandbox.tasks.length;
    const answer = await withHost(sandbox, host, { headers: { origin: `http://${host}` } });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).msg).toMatch(/is not allowed.*allowedHosts/);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(sandbox.tasks.length).toBe(before);
  });

  test('refuses a rebinding preflight, and a request with no Host at all', async () => {
    const preflight = await withHost(sandbox, 'evil.example', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    // Node refuses an HTTP/1.1 request without Host itself (400); either way, no task.
    const before = sandbox.tasks.length;
    expect([400, 403]).toContain((await withHost(sandbox, null)).status);
    expect(sandbox.tasks.length).toBe(before);
  });

  test.each(['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '[::1]', '192.168.1.20'])(
    'answers Host %j (with its port), CORS open to the page',
    async (name) => {
      const answer = await withHost(sandbox, `${name}:${sandbox.port}`, {
        headers: { origin: 'http://localhost:5173' },
      });
      expect(answer.status, answer.body).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    },
  );

  test('allowedHosts adds names (a leading dot: the name and its subdomains); true allows all', async () => {
    const some = await sandboxWith({ allowedHosts: ['.example.test', 'box.lan'] });
    for (const [host, status] of [
      ['example.test', 200],
      ['api.example.test', 200],
      ['box.lan', 200],
      ['other.lan', 403],
      ['evil.example', 403],
    ] as const)
      expect((await withHost(some, host)).status, host).toBe(status);
    const all = await sandboxWith({ allowedHosts: true });
    expect((await withHost(all, 'anything.example')).status).toBe(200);
    expect(SANDBOX_DEFAULTS.allowedHosts).toEqual([]);
    await expect(sandboxWith({ allowedHosts: 'x' as never })).rejects.toThrow(/allowedHosts/);
  });

  test('omni sandbox --no-cors: answers loopback without CORS headers, refuses other hosts', async () => {
    const controller = new AbortController();
    let stdout = '';
    const running = main(['sandbox', '--port', '0', '--no-cors'], {
      stdout: (s) => void (stdout += s),
      stderr: () => undefined,
      env: {},
      signal: controller.signal,
    });
    try {
      const deadline = Date.now() + 5000;
      while (!stdout.includes('\n') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      const port = Number(new URL(stdout.trim()).port);
      const cli = { port } as Sandbox;
      const local = await withHost(cli, `localhost:${port}`, {
        headers: { origin: 'http://localhost:5173' },
      });
      expect(local.status).toBe(200);
      expect(local.headers['access-control-allow-origin']).toBeUndefined();
      expect((await withHost(cli, 'evil.example')).status).toBe(403);
    } finally {
      controller.abort('SIGINT');
      expect(await running).toBe(0);
    }
  });
});

function upload(sandbox: Sandbox, name: string, bytes: BlobPart, type = '') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  return fetch(sandbox.url + UPLOAD_PATH, { method: 'POST', headers: authHeaders(), body: form });
}

async function uploadedUrl(sandbox: Sandbox, name: string, bytes: BlobPart, type = '') {
  const res = await upload(sandbox, name, bytes, type);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.data as { url: string; mime_type: string };
}

describe('uploads are served with safe content types', () => {
  test('a .png sent as text/html is stored and served as image/png, never sniffed', async () => {
    const sandbox = await sandboxWith();
    const file = await uploadedUrl(sandbox, 'cat.png', '<script>alert(1)</script>', 'text/html');
    expect(file.mime_type).toBe('image/png');
    const served = await fetch(file.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toMatch(/^sandbox\b/);
    expect(served.headers.get('content-disposition')).toBeNull();
    expect(await served.text()).toBe('<script>alert(1)</script>');
  });

  test('an SVG (an image that can hold scripts) is a sandboxed download, not a page', async () => {
    const sandbox = await sandboxWith();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>';
    const file = await uploadedUrl(sandbox, 'logo.svg', svg, 'text/html');
    const served = await fetch(file.url);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.headers.get('content-disposition')).toBe('attachment');
    expect(served.headers.get('content-security-policy')).toMatch(/^sandbox\b/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('every answer says nosniff, the API envelopes included', async () => {
    const sandbox = await sandboxWith();
    const res = await postCreate(sandbox);
    await res.arrayBuffer();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('bounded memory', () => {
  test('uploads beyond maxStoredUploadBytes evict the oldest files; their links answer 404', async () => {
    const sandbox = await sandboxWith({ maxUploadBytes: 1000, maxStoredUploadBytes: 2500 });
    const urls: string[] = [];
    for (let i = 0; i < 5; i++)
      urls.push((await uploadedUrl(sandbox, `clip${i}.mp4`, new Uint8Array(900).fill(i))).url);
    // 2 × 900 bytes fit in 2500; a third would not.
    expect(sandbox.uploads.map((u) => u.filename)).toEqual(['clip3.mp4', 'clip4.mp4']);
    expect(sandbox.uploads.reduce((sum, u) => sum + u.bytes.length, 0)).toBeLessThanOrEqual(2500);
    const statuses = await Promise.all(
      urls.map(async (url) => {
        const res = await fetch(url);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses).toEqual([404, 404, 404, 200, 200]);
  });

  test('one upload larger than the budget is kept alone', async () => {
    const sandbox = await sandboxWith({ maxUploadBytes: 1000, maxStoredUploadBytes: 500 });
    await uploadedUrl(sandbox, 'a.png', new Uint8Array(400));
    await uploadedUrl(sandbox, 'b.png', new Uint8Array(900));
    expect(sandbox.uploads.map((u) => u.filename)).toEqual(['b.png']);
  });

  test('the record keeps the latest maxRecordedRequests, numbered by seq', async () => {
    const sandbox = await sandboxWith({ maxRecordedRequests: 5 });
    for (let i = 0; i < 8; i++) await (await postCreate(sandbox)).arrayBuffer();
    expect(sandbox.requests.map((r) => r.seq)).toEqual([3, 4, 5, 6, 7]);
    sandbox.clearRequests();
    await (await postCreate(sandbox)).arrayBuffer();
    expect(sandbox.requests.map((r) => r.seq)).toEqual([8]);
  });

  test('a body above maxRecordedBodyBytes is recorded as its size only', async () => {
    const sandbox = await sandboxWith({ maxRecordedBodyBytes: 200 });
    const big = { ...BODY, prompt: 'a fox '.repeat(100) };
    await (await postCreate(sandbox, big)).arrayBuffer();
    await (await postCreate(sandbox, BODY)).arrayBuffer();
    const size = Buffer.byteLength(JSON.stringify(big));
    expect(sandbox.requests.map((r) => r.body)).toEqual([`(${size} bytes, not kept)`, BODY]);
    expect(sandbox.tasks).toHaveLength(2); // recorded short, processed whole
  });

  test('the defaults bound both', () => {
    expect(SANDBOX_DEFAULTS.maxStoredUploadBytes).toBe(256 * 1024 * 1024);
    expect(SANDBOX_DEFAULTS.maxRecordedRequests).toBe(1000);
    expect(SANDBOX_DEFAULTS.maxRecordedBodyBytes).toBe(64 * 1024);
    expect(TEST_KEY).not.toBe('');
  });
});
