export { createScriptedAcpAgent, type ScriptedAcpAgentOptions } from './scripted-acp-agent.js';
export { scriptedAcpAgentProcess, type ScriptedAcpAgentProcess } from './scripted-acp-agent-command.js';
export {
  claudeLikePermissionOptions,
  codexLikePermissionOptions,
  type ScriptedAcpReceived,
  type ScriptedAcpScript,
  type ScriptedAcpStep,
  type ScriptedAcpTurn,
} from './scripted-acp-script.js';
