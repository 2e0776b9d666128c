export { startScriptedModelServer } from './scripted-model-server.js';
export type { ScriptedModelServer, ScriptedModelServerOptions } from './scripted-model-server.js';
export type {
  RecordedRequest,
  ScriptedApiKind,
  ScriptedFault,
  ScriptedReply,
  ScriptedResult,
  ScriptedStatus,
  ScriptedStep,
  ScriptedStepFunction,
  ScriptedToolCall,
  ScriptedUsage,
} from './scripted-step.js';
