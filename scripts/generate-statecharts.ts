/**
 * Writes docs/statecharts/<machine>.md (a Mermaid diagram of each machine, generated from its
 * definition) and an index. `npm run docs:statecharts`; a test fails when the files are stale.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderStatechartDocs } from '../core/src/statecharts/statechart-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const directory = join(root, 'docs', 'statecharts');
await mkdir(directory, { recursive: true });
for (const [name, content] of Object.entries(renderStatechartDocs())) {
  await writeFile(join(directory, name), content);
  console.log(`wrote docs/statecharts/${name}`);
}
