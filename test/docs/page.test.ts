/**
 * `npm run docs` writes one self-contained page that renders offline: opened from
 * file:// in headless Chromium with every network request refused, it still shows
 * every operation, and it never tries to reach a CDN or a telemetry host. And it
 * reads well on first load: operations open (not behind "+ Show"), the create body's
 * tabs named after the models, code samples, and an attribution badge on one line.
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

test('renders every operation offline in Chromium', async () => {
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
    for (const operation of [
      'Create a Gemini Omni video task',
      'Get a video task',
      'Upload a file',
    ]) {
      await expect
        .poll(() => tab.getByText(operation).count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
    }
    expect(outside).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);

test('reads well on first load: open operations, titled tabs, samples, a one-line badge', async () => {
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await tab.goto(pathToFileURL(page).href);
    await tab.getByText('Create a Gemini Omni video task').first().waitFor();
    // Every operation is open, its responses included, once scrolled to (Redoc renders
    // what lies far below the fold lazily; nothing stays behind a "+ Show" button).
    await expect
      .poll(
        async () => {
          await tab.mouse.wheel(0, 5000);
          return tab.getByRole('heading', { name: 'Responses' }).count();
        },
        { timeout: 15_000 },
      )
      .toBe(3);
    await tab.evaluate(() => window.scrollTo(0, 0));
    expect(await tab.getByText('+ Show', { exact: true }).count()).toBe(0);
    // The create body's if/else branches read as the models, not "case 1 / case 2".
    expect(await tab.getByText('Gemini-Omini (and its aliases)', { exact: true }).count()).toBe(1);
    expect(await tab.getByText('case 1', { exact: true }).count()).toBe(0);
    // Code samples: TypeScript with this SDK first, and curl in the menu.
    await expect
      .poll(() => tab.getByText('omni.videos.create', { exact: false }).count(), { timeout: 5_000 })
      .toBeGreaterThan(0);
    await tab
      .locator('button[aria-haspopup="menu"]', { hasText: 'TypeScript (jimmyai-omni)' })
      .first()
      .click();
    expect(await tab.getByRole('menuitem').allInnerTexts()).toEqual(
      expect.arrayContaining(['TypeScript (jimmyai-omni)', 'curl']),
    );
    await tab.keyboard.press('Escape');
    // "API docs by Redocly" on one line, not three stacked words.
    const badge = tab.getByText('API docs by', { exact: true }).first();
    const box = await badge.boundingBox();
    expect(box?.height).toBeLessThan(24);
    expect(box?.width).toBeGreaterThan(50);
  } finally {
    await browser.close();
  }
}, 60_000);
