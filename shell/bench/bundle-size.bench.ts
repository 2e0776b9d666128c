import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureUiBuilt, isMainModule } from './bench-support.js';

/** The UI's shipped JavaScript and CSS, raw and gzipped (zlib level 9), from shell/dist/ui/assets. */
export async function benchBundleSize(): Promise<void> {
  console.log('UI bundle size');
  await ensureUiBuilt();
  const assets = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'dist', 'ui', 'assets');
  const totals = new Map<string, { raw: number; gzipped: number }>();
  for (const name of (await readdir(assets)).sort()) {
    const kind = name.endsWith('.js') ? 'JavaScript' : name.endsWith('.css') ? 'CSS' : undefined;
    if (!kind) continue;
    const content = await readFile(join(assets, name));
    const gzipped = gzipSync(content, { level: 9 }).length;
    console.log(`  ${name.padEnd(28)} ${kib(content.length)} raw  ${kib(gzipped)} gzipped`);
    const total = totals.get(kind) ?? { raw: 0, gzipped: 0 };
    totals.set(kind, { raw: total.raw + content.length, gzipped: total.gzipped + gzipped });
  }
  for (const [kind, total] of totals) console.log(`  ${`total ${kind}`.padEnd(28)} ${kib(total.raw)} raw  ${kib(total.gzipped)} gzipped`);
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1).padStart(7)} KiB`;
}

if (isMainModule(import.meta.url)) await benchBundleSize();
