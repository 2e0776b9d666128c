import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScriptedAcpReceived, ScriptedAcpScript } from './scripted-acp-script.js';

/**
 * How to start the scripted ACP agent as a child process: the command line and environment an
 * ACP client (e.g. Kanbots' ACP executor) spawns, and the record of what the agent received.
 */

export interface ScriptedAcpAgentProcess {
  command: string;
  args: string[];
  /** Add to the child's environment. */
  env: Record<string, string>;
  /** Every request and notification the agent received so far, in order (from all its processes). */
  received(): Promise<ScriptedAcpReceived[]>;
}

/** Writes `script` into `directory` (its state folder too) and returns how to run the agent. */
export async function scriptedAcpAgentProcess(directory: string, script: ScriptedAcpScript): Promise<ScriptedAcpAgentProcess> {
  await mkdir(directory, { recursive: true });
  const scriptFile = path.join(directory, 'script.json');
  await writeFile(scriptFile, JSON.stringify(script, null, 2));
  const source = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(source ? './scripted-acp-agent-main.ts' : './scripted-acp-agent-main.js', import.meta.url));
  // From sources (tests), the entry runs through tsx with the workspace's source condition.
  // (tsx is resolved from here, not from the agent's working directory).
  const args = source ? ['--conditions=kanbots-source', '--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, main] : [main];
  return {
    command: process.execPath,
    args,
    env: { KANBOTS_SCRIPTED_ACP_SCRIPT: scriptFile, KANBOTS_SCRIPTED_ACP_STATE: directory },
    received: async () => {
      const text = await readFile(path.join(directory, 'received.jsonl'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as ScriptedAcpReceived);
    },
  };
}
