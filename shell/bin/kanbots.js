#!/usr/bin/env node
// The `kanbots` command: runs the built host CLI (shell/dist/host/cli.js).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/host/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('kanbots: the app is not built yet. Run "npm run build" (or "npm start") in the Kanbots checkout first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exit(await main(process.argv.slice(2)));
