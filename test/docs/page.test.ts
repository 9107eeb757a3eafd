/**
 * `npm run docs` writes one self-contained page that renders offline: opened from
 * file:// in headless Chromium with every network request refused, it still shows
 * both operations, and it never tries to reach a CDN or a telemetry host.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'omni-docs-'));
const page = join(dir, 'index.html');

beforeAll(() => {
  execFileSync('node', ['generator/docs.mjs', '--output', page], { stdio: 'pipe' });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the page loads no script from elsewhere', () => {
  const html = readFileSync(page, 'utf8');
  expect(html).toContain('Create a Gemini Omni video task');
  expect(html).not.toMatch(/<script[^>]+src="https?:/);
});

test('renders both operations offline in Chromium', async () => {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:'))
        return route.continue();
      outside.push(url);
      return route.abort();
    });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href);
    await tab.getByText('JimmyAI Gemini Omni video API', { exact: false }).first().waitFor();
    // The side menu groups operations under their tag; open it as a reader would.
    await tab.getByText('Videos', { exact: true }).first().click();
    for (const operation of ['Create a Gemini Omni video task', 'Get a video task']) {
      await expect
        .poll(() => tab.getByText(operation).count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
    }
    expect(outside).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);
