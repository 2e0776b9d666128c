/**
 * A child process for the dev server's host-death test: starts a dev server whose script leaves a
 * long-running process (its pid written to a file), prints `running` once the server printed its
 * address, and waits to be killed -9.
 */
import { writeSync } from 'node:fs';
import { DevServers } from '../../src/worktree-setup/dev-servers.js';

const [worktree = '', pidFile = ''] = process.argv.slice(2);
const servers = new DevServers({
  onChange: (view) => {
    if (view.url !== undefined) writeSync(1, `running ${view.url}\n`);
  },
});
servers.start({ cardId: 'card_1', repository: worktree, worktree, portBase: 41_230, script: `sleep 300 & echo $! > '${pidFile}'; echo "ready at http://localhost:$KANBOTS_PORT/"; wait` });
await new Promise((resolve) => setTimeout(resolve, 120_000));
