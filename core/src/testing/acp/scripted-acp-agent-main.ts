import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { createScriptedAcpAgent } from './scripted-acp-agent.js';
import type { ScriptedAcpScript } from './scripted-acp-script.js';

/**
 * The scripted ACP agent as a process on stdio: `KANBOTS_SCRIPTED_ACP_SCRIPT` names the script
 * file; sessions and `received.jsonl` go to `KANBOTS_SCRIPTED_ACP_STATE` (default: the script's
 * folder). It ends when its stdin closes, as ACP agents do.
 */

const scriptFile = process.env['KANBOTS_SCRIPTED_ACP_SCRIPT'];
if (scriptFile === undefined || scriptFile === '') {
  process.stderr.write('KANBOTS_SCRIPTED_ACP_SCRIPT is not set\n');
  process.exit(2);
}
const script = JSON.parse(readFileSync(scriptFile, 'utf8')) as ScriptedAcpScript;
const stateDirectory = process.env['KANBOTS_SCRIPTED_ACP_STATE'] || path.dirname(scriptFile);
const stream = acp.ndJsonStream(Writable.toWeb(process.stdout) as WritableStream<Uint8Array>, Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>);
const connection = createScriptedAcpAgent({ script, stateDirectory }).connect(stream);
void connection.closed.then(() => process.exit(0));
