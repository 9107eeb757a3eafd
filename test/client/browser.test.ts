/**
 * The main entry bundles for browsers (no Node-only import), and in a real web page
 * the client refuses a key unless dangerouslyAllowBrowser is given.
 */
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';

test('bundles for the browser and guards the key in a real page', async () => {
  const bundle = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'OmniSDK',
    platform: 'browser',
    minify: true,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]!.text;
  // platform 'browser' fails the build on a static node: import; none may hide in a require either.
  expect(bundle.errors).toEqual([]);
  expect(code).not.toMatch(/require\(["']node:/);

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>omni</title>');
    await page.addScriptTag({ content: code });
    const result = await page.evaluate(() => {
      const { Omni, ValidationError } = (
        window as unknown as { OmniSDK: typeof import('../../src/index.js') }
      ).OmniSDK;
      const outcome: Record<string, unknown> = {};
      try {
        new Omni({ apiKey: 'sk_in_a_page' });
        outcome.refused = false;
      } catch (error) {
        outcome.refused =
          error instanceof ValidationError &&
          (error as { issues: { path: string }[] }).issues[0]?.path === 'apiKey';
      }
      const allowed = new Omni({ apiKey: 'sk_public_demo', dangerouslyAllowBrowser: true });
      outcome.prepared = allowed.videos.prepare({
        model: 'gemini-omni',
        prompt: 'a fox',
      }).body.model;
      outcome.withoutKey = typeof new Omni().videos.prepare === 'function';
      return outcome;
    });
    expect(result).toEqual({ refused: true, prepared: 'Gemini-Omini', withoutKey: true });
  } finally {
    await browser.close();
  }
}, 30_000);
