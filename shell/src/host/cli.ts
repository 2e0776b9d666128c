import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveDataDir, toErrorData } from '@kanbots/core';
import { USAGE, UsageError, parseCliArguments, type CliCommand } from './cli-arguments.js';
import { formatBoard } from './format-board.js';
import { startHost, type RunningHost } from './host.js';
import { DEMO_LABEL, startDemo } from './demo.js';
import { createLogger, type Logger } from './logger.js';
import { openBrowser } from './open-browser.js';
import { KANBOTS_VERSION } from './package-info.js';
import { readBoardFile } from './read-board-file.js';
import { repositoryRoot } from './repository-root.js';
import { tokenCommand } from './token-command.js';
import { runCli } from './run-cli.js';
import { exportCommand, importCommand } from './data-commands.js';
import { loadWorkflowModules } from './workflow-modules.js';

/**
 * `kanbots`: serve the app for a browser tab, print the board, run a card headless, or export and
 * import the whole data. Exit codes:
 * 0 done, 1 failed (e.g. the data directory is in use), 2 usage error (`kanbots run` adds its own,
 * see run-cli.ts). Results go to stdout, diagnostics to stderr.
 */

export const DEFAULT_PORT = 7317;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const logger = createLogger();
  let command: CliCommand;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kanbots: ${error.message}\nRun "kanbots --help" for usage.\n`);
    return 2;
  }
  try {
    switch (command.kind) {
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      case 'version':
        process.stdout.write(`${KANBOTS_VERSION}\n`);
        return 0;
      case 'board':
        return await printBoard(command);
      case 'serve':
        return await serve(command, logger);
      case 'demo':
        return await demo(command, logger);
      case 'token':
        return await tokenCommand(command);
      case 'export':
        return await exportCommand(command, { stdout: (text) => process.stdout.write(text), logger });
      case 'import':
        return await importCommand(command, { stdout: (text) => process.stdout.write(text), logger });
      case 'run':
        return await runCli(command, { stdout: (text) => process.stdout.write(text), logger, interrupted: untilSignal() });
    }
  } catch (error) {
    logger.error(toErrorData(error).message);
    return 1;
  }
}

async function printBoard(command: Extract<CliCommand, { kind: 'board' }>): Promise<number> {
  const dataDir = resolve(command.dataDir ?? resolveDataDir());
  const board = await readBoardFile(dataDir);
  if (board === undefined) {
    process.stderr.write(`No board yet in ${dataDir}: start Kanbots once ("kanbots serve" or "npm start") to create it.\n`);
    return 1;
  }
  process.stdout.write(command.json ? `${JSON.stringify(board, null, 2)}\n` : formatBoard(board));
  return 0;
}

async function serve(command: Extract<CliCommand, { kind: 'serve' }>, logger: Logger): Promise<number> {
  let defaultRepository: string | undefined;
  if (command.repo !== undefined) {
    const root = await repositoryRoot(command.repo);
    if ('problem' in root) {
      if (!command.repoIfAny) {
        process.stderr.write(`kanbots: --repo ${command.repo}: ${root.problem}\n`);
        return 2;
      }
      logger.info('Not inside a git repository: new cards get no repository until you give them one.');
    } else defaultRepository = root.path;
  }
  let workflows;
  try {
    workflows = await loadWorkflowModules(command.workflowModules);
  } catch (error) {
    process.stderr.write(`kanbots: ${toErrorData(error).message}\n`);
    return 2;
  }
  const options = {
    logger,
    ...(command.dataDir === undefined ? {} : { dataDir: command.dataDir }),
    ...(defaultRepository === undefined ? {} : { defaultRepository }),
    ...(workflows.length === 0 ? {} : { kanbots: { workflows } }),
  };
  let host: RunningHost;
  try {
    host = await startHost({ ...options, port: command.port ?? DEFAULT_PORT });
  } catch (error) {
    if (command.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    logger.warn(`Port ${DEFAULT_PORT} is taken; using a free port instead`);
    host = await startHost({ ...options, port: 0 });
  }
  process.stdout.write(`Kanbots is running at ${host.url}\n`);
  if (defaultRepository !== undefined) logger.info(`Project: ${defaultRepository} (new cards belong to it).`);
  if (workflows.length > 0) logger.info(`Workflows of your own: ${workflows.map((workflow) => `${workflow.label} (${workflow.id})`).join(', ')}.`);
  logger.info(`Data directory: ${host.dataDir}. Press Ctrl-C to stop.`);
  if (command.open) {
    const failure = await openBrowser(host.url);
    if (failure !== undefined) logger.warn(`Could not open the browser (${failure}); open the address above yourself.`);
  }
  // A second Ctrl-C while stopping is ignored, so the lock is always released.
  await untilSignal();
  await host.stop();
  logger.info('Kanbots stopped.');
  return 0;
}

async function demo(command: Extract<CliCommand, { kind: 'demo' }>, logger: Logger): Promise<number> {
  const running = await startDemo({ logger, port: command.port ?? 0 });
  process.stdout.write(`Kanbots demo is running at ${running.host.url} (${DEMO_LABEL})\n`);
  logger.info('Open the card "' + 'Make slugify handle accents and repeated spaces", choose "Dev ⇄ review" and press Run. Ctrl-C stops and removes the demo.');
  if (command.open) {
    const failure = await openBrowser(running.host.url);
    if (failure !== undefined) logger.warn(`Could not open the browser (${failure}); open the address above yourself.`);
  }
  await untilSignal();
  await running.stop();
  logger.info('Demo stopped and removed.');
  return 0;
}

/** Resolves on the first Ctrl-C / SIGTERM / SIGHUP; later ones are ignored while stopping. */
function untilSignal(): Promise<void> {
  return new Promise<void>((resolvePromise) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => resolvePromise());
  });
}

/** Run directly (`node cli.js …`), not imported by bin/kanbots.js. */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then((code) => process.exit(code));
}
