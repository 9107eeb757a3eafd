/**
 * `omni.files.upload` in a real web page (Chromium): a `File` from the page goes to
 * the sandbox as one Blob body (browsers stream request bodies only over HTTP/2), and
 * the stored bytes are the page's. The page is served from the sandbox's own origin,
 * so no CORS is involved.
 */
import { build } from 'esbuild';
import { browserPlatform } from '../../../scripts/build-options.mjs';
import { afterAll, expect, test } from 'vitest';
import { startSandbox } from '../../../src/sandbox/index.js';
import { launchChromium } from '../../helpers/chromium.js';

const sandbox = await startSandbox();
afterAll(() => sandbox.close());

test('uploads a File from a web page, with progress at the end; a path is refused before sending', async () => {
  const bundle = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'OmniSDK',
    platform: 'browser',
    // The browser build, as shipped: the platform seam without Node code.
    plugins: [browserPlatform],
    logLevel: 'silent',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Any page of the sandbox's origin will do (this one is a 404 envelope).
    await page.goto(`${sandbox.url}/`);
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = await page.evaluate(async () => {
      const { Omni } = (window as unknown as { OmniSDK: typeof import('../../../src/index.js') })
        .OmniSDK;
      const omni = new Omni({
        apiKey: 'sk_public_demo',
        baseUrl: location.origin,
        dangerouslyAllowBrowser: true,
      });
      const seen: number[][] = [];
      const file = new File(['pixels from the page'], 'page.png', { type: 'image/png' });
      const uploaded = await omni.files.upload(file, {
        onProgress: (sent, total) => seen.push([sent, total]),
      });
      // A path means nothing in a page: refused by the browser seam, before anything is sent.
      let byPath: { name: string; issues: unknown } | undefined;
      try {
        await omni.files.upload('./cat.png');
      } catch (e) {
        byPath = { name: (e as Error).name, issues: (e as { issues?: unknown }).issues };
      }
      return { uploaded, seen, byPath };
    });
    expect(result.uploaded).toMatchObject({
      filename: 'page.png',
      size: 20,
      mime_type: 'image/png',
    });
    expect(result.seen).toHaveLength(1);
    expect(result.seen[0]![0]).toBe(result.seen[0]![1]);
    expect(sandbox.uploads.at(-1)?.bytes.toString()).toBe('pixels from the page');
    expect(result.byPath).toEqual({
      name: 'ValidationError',
      issues: [
        {
          path: 'file',
          message: expect.stringMatching(/needs a file system.*pass a Blob or File/),
        },
      ],
    });
    // Only the File reached the sandbox: the path was refused before anything was sent.
    expect(sandbox.uploads).toHaveLength(1);
  } finally {
    await browser.close();
  }
}, 30_000);
