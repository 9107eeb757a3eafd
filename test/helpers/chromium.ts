/**
 * A headless Chromium for the browser tests, on a machine that has only Node.
 *
 * Found in this order: `CHROMIUM_PATH`; a system Chromium (`/usr/bin/chromium`, e.g.
 * Debian's package); else the one shipped compressed inside the `@sparticuz/chromium`
 * devDependency, unpacked once to `/tmp/chromium` (about 3 s). Driven by playwright-core
 * (`playwright install` cannot download browsers here). When none can start, one line
 * says what to install.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where a system Chromium usually is (Debian's `chromium` package). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** What to do when no browser can run: one line. */
export const NO_BROWSER =
  'No Chromium for the browser tests: run `npm ci` (it installs @sparticuz/chromium), ' +
  'or set CHROMIUM_PATH to a Chromium binary, or `apt-get install chromium`.';

/** Flags for a quiet headless run on loopback; never --disable-web-security (CORS is tested). */
const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** @sparticuz/chromium's recommended flags that would hide what the tests check. */
const UNSAFE_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/** A Chromium binary and the flags it needs. */
export interface ChromiumBinary {
  path: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/**
 * Finds the browser (see the module comment), unpacking the packaged one if needed.
 *
 * @throws {Error} with {@link NO_BROWSER} when none is there
 * @example
 * const { path, source } = await findChromium();
 */
export async function findChromium(env = process.env): Promise<ChromiumBinary> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist. ${NO_BROWSER}`);
    return { path: env.CHROMIUM_PATH, args: BASE_ARGS, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM))
    return { path: SYSTEM_CHROMIUM, args: BASE_ARGS, source: 'system' };
  let packaged: typeof import('@sparticuz/chromium').default;
  try {
    packaged = (await import('@sparticuz/chromium')).default;
  } catch {
    throw new Error(NO_BROWSER);
  }
  const path = await withUnpackLock(() => packaged.executablePath());
  const args = packaged.args.filter((arg) => !UNSAFE_ARGS.has(arg));
  return { path, args, source: '@sparticuz/chromium' };
}

/**
 * Launches headless Chromium through playwright-core.
 *
 * @throws {Error} one line saying what to install, when no browser can start
 * @example
 * const browser = await launchChromium();
 * try { const page = await browser.newPage(); } finally { await browser.close(); }
 */
export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  try {
    return await chromium.launch({ executablePath: binary.path, args: binary.args });
  } catch (error) {
    const first = String((error as Error).message ?? error).split('\n')[0];
    throw new Error(
      `Chromium (${binary.source}, ${binary.path}) did not start: ${first}. ${NO_BROWSER}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Test files run in parallel workers: only one may unpack to /tmp/chromium at a time,
 * or another could start a half-written binary. A lock folder (mkdir is atomic).
 */
async function withUnpackLock<T>(task: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'jimmyai-omni-chromium.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed process is stale after a minute (unpacking takes seconds).
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
