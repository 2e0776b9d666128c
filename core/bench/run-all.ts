/**
 * Runs every `*.bench.ts` in this folder, one after another, in name order. Benchmarks are plain
 * scripts that print their figures when imported; a new one needs no change here.
 *
 *   node --conditions=kanbots-source --import tsx core/bench/run-all.ts
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = (await readdir(folder))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.includes(wanted)))
  .sort();

let failures = 0;
for (const name of benches) {
  console.log(`\n▶ ${name}`);
  try {
    await import(pathToFileURL(join(folder, name)).href);
  } catch (error) {
    failures += 1;
    console.error(`✖ ${name} failed:`, error);
  }
}
console.log(`\n${benches.length - failures}/${benches.length} benchmarks completed`);
if (failures > 0) process.exitCode = 1;
