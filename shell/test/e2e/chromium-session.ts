import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (or another local Chromium/Chrome), driven by playwright-core with a fresh profile per session. */
const candidatePaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];
export const CHROMIUM_PATH = process.env['KANBOTS_CHROMIUM'] ?? candidatePaths.find((path) => existsSync(path)) ?? '/usr/bin/chromium';

function assertChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `The browser tests need Chromium at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: apt-get install chromium; .ci/run does this) ` +
      'or point KANBOTS_CHROMIUM at a Chromium or Chrome binary.',
  );
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

export async function openChromium(options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<ChromiumSession> {
  assertChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), 'kanbots-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
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
