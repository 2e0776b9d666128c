import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as acp from '@agentclientprotocol/sdk';
import type { ScriptedAcpReceived, ScriptedAcpScript, ScriptedAcpStep, ScriptedAcpTurn } from './scripted-acp-script.js';

/**
 * A scripted agent that speaks the Agent Client Protocol (v1) with the SDK's agent side, for
 * deterministic tests of ACP clients. It plays one scripted turn per `session/prompt` (streamed
 * chunks, thoughts, plans, usage, tool calls that really write files, permission requests),
 * honours `session/cancel` mid-turn, can crash, and keeps its sessions in a state folder so
 * another process can `session/load` (replaying the history) or `session/resume` them.
 * What it received is appended to `<state>/received.jsonl` for assertions.
 */

interface StoredSession {
  cwd: string;
  history: acp.SessionUpdate[];
}

export interface ScriptedAcpAgentOptions {
  script: ScriptedAcpScript;
  /** Folder for sessions, the turn cursor and `received.jsonl` (created if missing). */
  stateDirectory: string;
  /** Ends the process (default `process.exit`); a `crash` step calls it. */
  exit?: (code: number) => never;
}

class ScriptedAcpState {
  constructor(private readonly directory: string) {
    mkdirSync(path.join(directory, 'sessions'), { recursive: true });
  }

  record(entry: ScriptedAcpReceived): void {
    appendFileSync(path.join(this.directory, 'received.jsonl'), `${JSON.stringify(entry)}\n`);
  }

  /** The index of the next scripted turn, advanced (shared by every process of the script). */
  takeTurn(): number {
    const file = path.join(this.directory, 'cursor');
    const next = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
    writeFileSync(file, String(next + 1));
    return next;
  }

  private sessionFile(sessionId: string): string {
    return path.join(this.directory, 'sessions', `${sessionId.replace(/[^\w-]/g, '_')}.json`);
  }

  load(sessionId: string): StoredSession | undefined {
    const file = this.sessionFile(sessionId);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredSession) : undefined;
  }

  save(sessionId: string, session: StoredSession): void {
    writeFileSync(this.sessionFile(sessionId), JSON.stringify(session));
  }

  newSessionId(): string {
    const file = path.join(this.directory, 'session-count');
    const count = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
    writeFileSync(file, String(count + 1));
    return `scripted-session-${count + 1}`;
  }
}

function promptText(prompt: acp.ContentBlock[]): string {
  return prompt.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

function notFound(what: string): acp.RequestError {
  return new acp.RequestError(-32002, `${what} not found`);
}

export function createScriptedAcpAgent(options: ScriptedAcpAgentOptions): acp.AgentApp {
  const { script } = options;
  const state = new ScriptedAcpState(options.stateDirectory);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const sessions = new Map<string, StoredSession>();
  const cancelled = new Map<string, () => void>();

  const open = (sessionId: string): StoredSession => {
    const session = sessions.get(sessionId) ?? state.load(sessionId);
    if (session === undefined) throw notFound(`Session ${sessionId}`);
    sessions.set(sessionId, session);
    return session;
  };

  return acp
    .agent({ name: script.name ?? 'scripted-acp-agent' })
    .onRequest('initialize', ({ params }) => {
      state.record({ method: 'initialize', params });
      return {
        protocolVersion: acp.PROTOCOL_VERSION,
        agentInfo: { name: script.name ?? 'scripted-acp-agent', version: '1.0.0' },
        agentCapabilities: {
          loadSession: script.loadSession ?? true,
          mcpCapabilities: { http: true },
          sessionCapabilities: script.resumeSession === true ? { resume: {} } : {},
        },
      };
    })
    .onRequest('session/new', ({ params }) => {
      const sessionId = state.newSessionId();
      const session: StoredSession = { cwd: params.cwd, history: [] };
      sessions.set(sessionId, session);
      state.save(sessionId, session);
      state.record({ method: 'session/new', sessionId, cwd: params.cwd, mcpServers: params.mcpServers });
      return { sessionId };
    })
    .onRequest('session/load', async ({ params, client }) => {
      if (script.loadSession === false) throw acp.RequestError.methodNotFound('session/load');
      const session = open(params.sessionId);
      state.record({ method: 'session/load', sessionId: params.sessionId, cwd: params.cwd, mcpServers: params.mcpServers });
      for (const update of session.history) await client.notify('session/update', { sessionId: params.sessionId, update });
      return {};
    })
    .onRequest('session/resume', ({ params }) => {
      if (script.resumeSession !== true) throw acp.RequestError.methodNotFound('session/resume');
      open(params.sessionId);
      state.record({ method: 'session/resume', sessionId: params.sessionId, cwd: params.cwd, mcpServers: params.mcpServers ?? [] });
      return {};
    })
    .onNotification('session/cancel', ({ params }) => {
      state.record({ method: 'session/cancel', sessionId: params.sessionId });
      cancelled.get(params.sessionId)?.();
    })
    .onRequest('session/prompt', async ({ params, client }) => {
      const session = open(params.sessionId);
      const text = promptText(params.prompt);
      const turnIndex = state.takeTurn();
      state.record({ method: 'session/prompt', sessionId: params.sessionId, text, turn: turnIndex });
      const turn = script.turns[turnIndex];
      if (turn === undefined) throw acp.RequestError.internalError({ reason: `no scripted turn ${turnIndex + 1} for prompt "${text.slice(0, 80)}"` });
      session.history.push({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text } });
      let cancel!: () => void;
      const cancelledTurn = new Promise<'cancelled'>((resolve) => (cancel = () => resolve('cancelled')));
      cancelled.set(params.sessionId, cancel);
      const send = async (update: acp.SessionUpdate): Promise<void> => {
        session.history.push(update);
        state.save(params.sessionId, session);
        await client.notify('session/update', { sessionId: params.sessionId, update });
      };
      try {
        const stop = await Promise.race([playTurn(turn, { session, send, client, sessionId: params.sessionId, state, exit, cancelledTurn }), cancelledTurn]);
        return { stopReason: stop };
      } finally {
        cancelled.delete(params.sessionId);
        state.save(params.sessionId, session);
      }
    });
}

interface TurnPlay {
  session: StoredSession;
  sessionId: string;
  send: (update: acp.SessionUpdate) => Promise<void>;
  client: acp.AgentContext;
  state: ScriptedAcpState;
  exit: (code: number) => never;
  cancelledTurn: Promise<'cancelled'>;
}

async function playTurn(turn: ScriptedAcpTurn, play: TurnPlay): Promise<acp.StopReason> {
  for (const step of turn.steps) {
    const stop = await playStep(step, play);
    if (stop !== undefined) return stop;
  }
  return turn.stopReason ?? 'end_turn';
}

async function playStep(step: ScriptedAcpStep, play: TurnPlay): Promise<acp.StopReason | undefined> {
  switch (step.type) {
    case 'text':
      for (const chunk of step.chunks ?? [step.text ?? '']) await play.send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: chunk } });
      return undefined;
    case 'thought':
      await play.send({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: step.text } });
      return undefined;
    case 'plan':
      await play.send({ sessionUpdate: 'plan', entries: step.entries });
      return undefined;
    case 'usage':
      await play.send({ sessionUpdate: 'usage_update', used: step.used, size: step.size, ...(step.costUsd === undefined ? {} : { cost: { amount: step.costUsd, currency: 'USD' } }) });
      return undefined;
    case 'waitForCancel':
      if (step.text !== undefined) await play.send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: step.text } });
      return play.cancelledTurn;
    case 'crash':
      return play.exit(step.exitCode ?? 3);
    case 'tool':
      return playTool(step, play);
  }
}

async function playTool(step: Extract<ScriptedAcpStep, { type: 'tool' }>, play: TurnPlay): Promise<acp.StopReason | undefined> {
  const file = step.writeFile === undefined ? undefined : path.resolve(play.session.cwd, step.writeFile.path);
  const locations = file === undefined ? [] : [{ path: file }];
  const diff: acp.ToolCallContent[] =
    file === undefined || step.writeFile === undefined
      ? []
      : [{ type: 'diff', path: file, oldText: existsSync(file) ? readFileSync(file, 'utf8') : null, newText: step.writeFile.content }];
  await play.send({
    sessionUpdate: 'tool_call',
    toolCallId: step.toolCallId,
    title: step.title,
    kind: step.kind,
    status: 'pending',
    locations,
    content: diff,
    rawInput: step.rawInput ?? {},
  });
  if (step.permission !== undefined) {
    const options = step.permission.options ?? [
      { optionId: 'allow_once', name: 'Allow', kind: 'allow_once' },
      { optionId: 'reject_once', name: 'Reject', kind: 'reject_once' },
    ];
    const asked: Promise<acp.RequestPermissionResponse> = play.client.request('session/request_permission', {
        sessionId: play.sessionId,
        toolCall: { toolCallId: step.toolCallId, title: step.title, kind: step.kind, rawInput: step.rawInput ?? {}, locations, content: diff },
        options,
      });
    const answer: acp.RequestPermissionResponse = await Promise.race([asked, play.cancelledTurn.then((): acp.RequestPermissionResponse => ({ outcome: { outcome: 'cancelled' } }))]);
    play.state.record({ method: 'permission', toolCallId: step.toolCallId, outcome: answer.outcome });
    if (answer.outcome.outcome === 'cancelled') return 'cancelled';
    const chosenId = answer.outcome.optionId;
    const chosen = options.find((option) => option.optionId === chosenId);
    if (chosen === undefined) throw acp.RequestError.invalidParams({ reason: `unknown option ${chosenId}` });
    if (chosen.kind.startsWith('reject')) {
      await play.send({ sessionUpdate: 'tool_call_update', toolCallId: step.toolCallId, status: 'failed', content: [{ type: 'content', content: { type: 'text', text: 'The user refused this tool call.' } }] });
      return step.permission.onReject === 'end_turn' ? 'cancelled' : undefined;
    }
  }
  await play.send({ sessionUpdate: 'tool_call_update', toolCallId: step.toolCallId, status: 'in_progress' });
  if (file !== undefined && step.writeFile !== undefined) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, step.writeFile.content);
  }
  const output: acp.ToolCallContent[] = step.output === undefined ? [] : [{ type: 'content', content: { type: 'text', text: step.output } }];
  await play.send({ sessionUpdate: 'tool_call_update', toolCallId: step.toolCallId, status: step.fails === true ? 'failed' : 'completed', content: [...diff, ...output] });
  return undefined;
}
