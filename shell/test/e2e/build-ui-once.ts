import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup for the end-to-end tests: builds the UI (`vite build` → shell/dist/ui) when
 * the build is missing or older than any of its sources.
 */
const shellDirectory = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const builtIndex = join(shellDirectory, 'dist', 'ui', 'index.html');
const sources = [join(shellDirectory, 'src', 'ui'), join(shellDirectory, 'index.html'), join(shellDirectory, 'vite.config.ts'), resolve(shellDirectory, '..', 'core', 'src', 'model'), resolve(shellDirectory, '..', 'core', 'src', 'protocol'), resolve(shellDirectory, '..', 'core', 'src', 'projects'), resolve(shellDirectory, '..', 'core', 'src', 'github')];

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

export function uiBuildIsStale(): boolean {
  let builtAt: number;
  try {
    builtAt = statSync(builtIndex).mtimeMs;
  } catch {
    return true;
  }
  return sources.some((source) => newestModification(source) > builtAt);
}

export async function buildUi(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(shellDirectory, 'vite.config.ts'), logLevel: 'warn' });
}

export default async function setup(): Promise<void> {
  if (uiBuildIsStale()) await buildUi();
}
