import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureNpmChromium, npmChromiumSupported, type ChromiumLaunch } from './npm-chromium.js';

/**
 * The browser the end-to-end tests drive with playwright-core, with a fresh profile per session:
 * `KANBOTS_CHROMIUM` when set (a path, or `npm` to force the npm build), else a local Chromium or
 * Chrome (Debian's `/usr/bin/chromium` in CI), else a Chromium fetched from the npm registry into
 * `.cache/` (./npm-chromium.ts), so `npm test` needs nothing installed by hand.
 */
const candidatePaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

let resolved: Promise<ChromiumLaunch> | undefined;

async function findChromium(): Promise<ChromiumLaunch> {
  const chosen = process.env['KANBOTS_CHROMIUM'];
  if (chosen === 'npm') return ensureNpmChromium();
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) throw new Error(`KANBOTS_CHROMIUM points at ${chosen}, which does not exist.`);
    return { executablePath: chosen, environment: {}, args: [], source: 'KANBOTS_CHROMIUM' };
  }
  const local = candidatePaths.find((path) => existsSync(path));
  if (local !== undefined) return { executablePath: local, environment: {}, args: [], source: local };
  if (npmChromiumSupported()) return ensureNpmChromium();
  throw new Error(
    'The browser tests need Chromium or Chrome and none was found. Install one (Debian/Ubuntu: apt-get install chromium) ' +
      'or point KANBOTS_CHROMIUM at a Chromium or Chrome binary.',
  );
}

/** The browser to launch, found (or fetched) once per test process. */
export function resolveChromium(): Promise<ChromiumLaunch> {
  resolved ??= findChromium();
  return resolved;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface ChromiumSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface OpenChromiumOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** A specific browser (default: the one resolveChromium finds). */
  launch?: ChromiumLaunch;
}

export async function openChromium(options: OpenChromiumOptions = {}): Promise<ChromiumSession> {
  const browser = options.launch ?? (await resolveChromium());
  const userDataDir = await mkdtemp(join(tmpdir(), 'kanbots-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: browser.executablePath,
    env: { ...process.env, ...browser.environment },
    headless: true,
    args: [...CHROMIUM_ARGS, ...browser.args],
    viewport: options.viewport ?? { width: 1360, height: 820 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go (gitignored): <repo>/test-artifacts/screenshots. */
export const SCREENSHOT_DIRECTORY = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'test-artifacts', 'screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIRECTORY, { recursive: true });
  const path = join(SCREENSHOT_DIRECTORY, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/**
 * Saves `<name>-1440` at 1440×900 and `<name>-900` at 900×900, calling `reveal` (e.g. scroll the
 * part in question into view) before each, and leaves the page at 1440×900.
 */
export async function saveScreenshotsWideAndNarrow(page: Page, name: string, reveal: () => Promise<void> = async () => {}): Promise<void> {
  for (const width of [1440, 900]) {
    await page.setViewportSize({ width, height: 900 });
    await reveal();
    await saveScreenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
