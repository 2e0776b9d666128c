/**
 * A tiny supervisor that runs a command where no PID namespace holds it (Linux without
 * bubblewrap, macOS): `node -e <source> -- <graceMs> <marker> <file> <args…>`.
 *
 * - It starts the command in its own process group, with stdin closed and stdout/stderr passed
 *   through, and a marker variable (`KANBOTS_COMMAND=<random id>`) in its environment that every
 *   descendant inherits — also one that left the group with `setsid`.
 * - When the command's shell ends, when the supervisor gets SIGTERM (timeout, cancel), it signals
 *   the group and every process carrying the marker: SIGTERM, then SIGKILL after the grace period.
 * - When the host dies (even by SIGKILL) the control pipe on the supervisor's stdin closes, and it
 *   SIGKILLs the same set at once — Node has no PR_SET_PDEATHSIG, a closed pipe is the portable
 *   equivalent.
 * - Finding marked processes reads `/proc/<pid>/environ`, so it works on Linux; elsewhere only the
 *   process group is killed (a process that calls `setsid` escapes it there).
 * Then it exits the way the command's shell did (same exit code, or the same signal).
 *
 * Plain JavaScript in a string: it must run with `node -e` from the compiled package and from the
 * TypeScript sources alike.
 */

/** The environment variable that marks a command's processes. */
export const commandMarkerVariable = 'KANBOTS_COMMAND';

export const commandSupervisorSource = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const [graceText, markerName, markerValue, file, ...args] = process.argv.slice(1);
const graceMs = Number(graceText);
const marker = markerName + '=' + markerValue;
const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true, env: { ...process.env, [markerName]: markerValue } });

function markedProcesses() {
  if (process.platform !== 'linux') return [];
  const found = [];
  let names = [];
  try { names = fs.readdirSync('/proc'); } catch { return found; }
  for (const name of names) {
    if (!/^[0-9]+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync('/proc/' + name + '/environ', 'latin1').split('\0').includes(marker)) found.push(Number(name));
    } catch {}
  }
  return found;
}
function signalEverything(signal) {
  if (child.pid !== undefined) { try { process.kill(-child.pid, signal); } catch {} }
  const marked = markedProcesses();
  for (const pid of marked) { try { process.kill(pid, signal); } catch {} }
  return marked.length;
}
function groupAlive() {
  if (child.pid === undefined) return false;
  try { process.kill(-child.pid, 0); return true; } catch (error) { return error.code === 'EPERM'; }
}
function killEverything() {
  for (let round = 0; round < 100; round += 1) {
    if (signalEverything('SIGKILL') === 0 && !groupAlive()) return;
  }
}

let status;
let exited = false;
let ending = false;
function leave() {
  // Report how the command itself ended; wait briefly for its exit after the final SIGKILL.
  if (!exited && child.pid !== undefined) {
    const fallback = setTimeout(leaveNow, 1000);
    child.once('exit', () => { clearTimeout(fallback); setImmediate(leaveNow); });
    return;
  }
  leaveNow();
}
function leaveNow() {
  if (status && status.signal) {
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, status.signal);
  }
  process.exit(status && typeof status.code === 'number' ? status.code : 1);
}
function end(graceful) {
  if (ending && graceful) return;
  ending = true;
  if (!graceful) { killEverything(); leave(); return; }
  const started = Date.now();
  let poll;
  const check = () => {
    const left = markedProcesses().length > 0 || groupAlive();
    if (left && Date.now() - started < graceMs) return false;
    if (poll !== undefined) clearInterval(poll);
    killEverything();
    leave();
    return true;
  };
  // Nothing left (the usual end of a command): leave at once; else SIGTERM and wait for the grace period.
  if (check()) return;
  signalEverything('SIGTERM');
  poll = setInterval(check, 20);
}

child.on('error', (error) => {
  process.stderr.write('kanbots: could not start the command: ' + error.message + '\n');
  status = { code: 127 };
  end(true);
});
child.on('exit', (code, signal) => {
  exited = true;
  status = { code, signal };
  end(true);
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => { if (!status) status = { code: null, signal }; end(true); });
process.stdin.on('data', () => {});
process.stdin.on('end', () => end(false));
process.stdin.on('close', () => end(false));
process.stdin.on('error', () => end(false));
`;

/** `node -e <supervisor> -- …`: the file and arguments that run `file args` under the supervisor. */
export function supervisedCommand(
  nodeExecutable: string,
  graceMs: number,
  markerValue: string,
  file: string,
  args: readonly string[],
): { file: string; args: string[] } {
  return { file: nodeExecutable, args: ['-e', commandSupervisorSource, '--', String(graceMs), commandMarkerVariable, markerValue, file, ...args] };
}
