#!/usr/bin/env node
// The `kanbots` command: runs the built host CLI (dist/host/cli.js: tsc output in the checkout,
// the one bundled file in the npm package). Plain, old-Node-safe JavaScript until the version check.
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`kanbots: Kanbots needs Node.js 20.19 or newer; this is ${process.version}. Update Node.js (https://nodejs.org) and run it again.\n`);
  process.exit(1);
}
const cli = new URL('../dist/host/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('kanbots: the app is not built yet. Run "npm run build" (or "npm start") in the Kanbots checkout first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exit(await main(process.argv.slice(2)));
