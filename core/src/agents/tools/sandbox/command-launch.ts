import { randomUUID } from 'node:crypto';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bubblewrapArguments } from './bubblewrap-arguments.js';
import type { CommandSandboxOptions, CommandSandboxReport } from './command-sandbox.js';
import { supervisedCommand } from './command-supervisor.js';
import { detectCommandSandbox } from './detect-sandbox.js';
import { planSandboxLayout } from './sandbox-layout.js';
import { CommandSandboxUnavailableError } from './sandbox-errors.js';
import { seatbeltProfile } from './seatbelt-profile.js';

/**
 * How one command is started on this machine: under bubblewrap (Linux), under Seatbelt and the
 * supervisor (macOS), or unsandboxed under the supervisor (no sandbox, or the setting is `off`),
 * or plainly on Windows. The runner spawns `file args` and, when `supervised`, keeps the
 * supervisor's stdin open as its control pipe.
 */

export interface CommandLaunch {
  file: string;
  args: string[];
  environment: Record<string, string>;
  /** Runs under command-supervisor.ts: stdin is its control pipe, SIGTERM asks it to clean up. */
  supervised: boolean;
  report: CommandSandboxReport;
  /** Called once the command has ended (removes a private directory). */
  cleanup?: () => Promise<void>;
}

export interface PlanCommandLaunchOptions {
  command: string;
  /** Real path of the worktree. */
  cwd: string;
  environment: Record<string, string>;
  sandbox?: CommandSandboxOptions & {
    /** Where bubblewrap is (default `/usr/bin/bwrap`, then PATH). */
    bubblewrapPath?: string;
  };
  /** The supervisor's time between SIGTERM and SIGKILL. */
  killGraceMs: number;
  platform?: NodeJS.Platform;
}

const darwinSystemDirectories = ['/usr', '/bin', '/sbin', '/System', '/Library', '/opt', '/Applications'];

function unsandboxedNotice(why: string): string {
  return `Not sandboxed: ${why} The command ran with your user's full access to files and the network.`;
}

function withoutTemporaryVariables(environment: Record<string, string>): Record<string, string> {
  const { TMPDIR: _tmpdir, TMP: _tmp, TEMP: _temp, ...rest } = environment;
  return rest;
}

export async function planCommandLaunch(options: PlanCommandLaunchOptions): Promise<CommandLaunch> {
  const platform = options.platform ?? process.platform;
  const { command, environment, killGraceMs } = options;
  const mode = options.sandbox?.mode ?? 'auto';
  const network = options.sandbox?.network ?? 'off';

  if (platform === 'win32') {
    if (mode === 'required') throw new CommandSandboxUnavailableError('Kanbots has no command sandbox on Windows.');
    return {
      file: environment['ComSpec'] ?? environment['COMSPEC'] ?? 'cmd.exe',
      args: ['/d', '/s', '/c', `"${command}"`],
      environment,
      supervised: false,
      report: { kind: 'none', network: 'on', notice: unsandboxedNotice('Kanbots has no command sandbox on Windows.') },
    };
  }
  const supervisedShell = (notice: string): CommandLaunch => ({
    ...supervisedCommand(process.execPath, killGraceMs, randomUUID(), '/bin/sh', ['-c', command]),
    environment,
    supervised: true,
    report: { kind: 'none', network: 'on', notice },
  });
  if (mode === 'off') return supervisedShell(unsandboxedNotice('the "sandbox" setting is "off".'));

  const availability = detectCommandSandbox({
    platform,
    ...(options.sandbox?.bubblewrapPath === undefined ? {} : { bubblewrapPath: options.sandbox.bubblewrapPath }),
  });
  if (availability.kind === 'none' || availability.executable === undefined) {
    const reason = availability.reason ?? 'no sandbox is available.';
    if (mode === 'required') throw new CommandSandboxUnavailableError(reason);
    return supervisedShell(unsandboxedNotice(reason));
  }
  const hiddenPaths = options.sandbox?.hiddenPaths ?? [];

  if (availability.kind === 'bubblewrap') {
    const { layout, system } = await planSandboxLayout({ worktree: options.cwd, network, hiddenPaths });
    return {
      file: availability.executable,
      args: bubblewrapArguments({ layout, system, network, command: ['/bin/sh', '-c', command] }),
      environment: { ...withoutTemporaryVariables(environment), ...layout.environment, HOME: layout.home, TMPDIR: '/tmp' },
      supervised: false,
      report: { kind: 'bubblewrap', network },
    };
  }

  const privateDirectory = await realpath(await mkdtemp(path.join(tmpdir(), 'kanbots-command-')));
  const { layout } = await planSandboxLayout({ worktree: options.cwd, network, hiddenPaths, systemDirectories: darwinSystemDirectories });
  const profile = seatbeltProfile({ layout, network, privateDirectory });
  return {
    ...supervisedCommand(process.execPath, killGraceMs, randomUUID(), availability.executable, ['-p', profile, '/bin/sh', '-c', command]),
    environment: { ...withoutTemporaryVariables(environment), ...layout.environment, HOME: privateDirectory, TMPDIR: privateDirectory },
    supervised: true,
    report: { kind: 'seatbelt', network },
    cleanup: () => rm(privateDirectory, { recursive: true, force: true }),
  };
}
