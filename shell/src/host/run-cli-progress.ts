import type { AgentEvent, ErrorData, RunEvent } from '@kanbots/core';

/**
 * `kanbots run`'s progress: the run's events as plain-word lines ("developer edits src/app.txt",
 * "review round 1: changes requested"). Token streams and internal state changes print nothing;
 * `--json` prints the events themselves instead (see run-cli.ts). Pure: events in, lines out.
 */

export function progressLine(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run.agent.event':
      return agentLine(event.agent, event.event);
    case 'run.review.submitted': {
      const verdict = event.review.verdict === 'approve' ? 'approved' : 'changes requested';
      const findings = event.review.findings.map((finding) => `\n  - ${finding.file}${finding.line === undefined ? '' : `:${finding.line}`} (${finding.severity}) ${finding.message}`).join('');
      const summary = event.review.summary?.trim() ? ` — ${oneLine(event.review.summary)}` : '';
      return `review round ${event.round}: ${verdict}${summary}${findings}`;
    }
    case 'run.gate.opened':
      return event.gate.conflict ? `stopped: merge conflict in ${event.gate.conflict.files.join(', ')}` : `stopped for you: ${oneLine(event.gate.reason)}`;
    case 'run.queued':
      return `${event.agent} waits: ${oneLine(event.reason)}`;
    case 'run.state.changed':
      return event.status === 'failed' ? `failed: ${oneLine(event.statusText)}` : undefined;
    case 'run.finished':
      return event.outcome === 'merged' ? 'merged' : event.outcome;
    case 'run.created':
      return undefined;
  }
}

function agentLine(agent: string, event: AgentEvent): string | undefined {
  switch (event.type) {
    case 'agent.tool.started':
      return toolLine(agent, event.name, event.input);
    case 'agent.tool.finished':
      return event.isError && event.name !== 'finish' ? `${agent} could not ${FAILED_TOOL_WORDS[event.name] ?? `use ${event.name}`} — ${clip(oneLine(event.content), 160)}` : undefined;
    case 'agent.tool.approval.requested':
      return `${agent} asks to ${toolAction(event.name, event.input).base}`;
    case 'agent.tool.approval.resolved':
      return `${agent}: ${event.approved ? 'allowed' : 'refused'}${event.reason ? ` (${oneLine(event.reason)})` : ''}`;
    case 'agent.backoff':
      return `${agent}: the model call failed (${oneLine(event.error.message)}); trying again in ${Math.max(1, Math.round(event.delayMs / 1000))} s`;
    case 'agent.error':
      return `${agent}: ${errorWords(event.error)}`;
    case 'agent.finished':
      return event.status === 'done' ? undefined : `${agent} ${event.status === 'failed' ? 'failed' : 'was cancelled'}${event.reason ? `: ${oneLine(String(event.reason))}` : ''}`;
    default:
      return undefined;
  }
}

/** "developer edits src/app.txt", "developer runs `npm test`", "developer finishes: …". */
function toolLine(agent: string, tool: string, input: unknown): string {
  return `${agent} ${toolAction(tool, input).third}`;
}

/** What a tool call does, as a verb phrase: `third` ("edits …") after a name, `base` ("edit …") after "asks to". */
function toolAction(tool: string, input: unknown): { third: string; base: string } {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const text = (name: string): string | undefined => (typeof fields[name] === 'string' ? oneLine(fields[name]) : undefined);
  const path = text('path');
  const phrase = (third: string, base: string, rest: string) => ({ third: `${third}${rest}`, base: `${base}${rest}` });
  switch (tool) {
    case 'read_file':
      return phrase('reads', 'read', ` ${path ?? 'a file'}`);
    case 'write_file':
      return phrase('writes', 'write', ` ${path ?? 'a file'}`);
    case 'edit_file':
      return phrase('edits', 'edit', ` ${path ?? 'a file'}`);
    case 'list_files':
      return phrase('lists', 'list', ` the files${path ? ` in ${path}` : ''}`);
    case 'search_files':
    case 'grep':
      return phrase('searches', 'search', ` for ${JSON.stringify(text('pattern') ?? text('query') ?? '')}`);
    case 'run_command':
      return phrase('runs', 'run', ` \`${clip(text('command') ?? '', 120)}\``);
    case 'show_diff':
      return phrase('looks', 'look', ' at the diff');
    case 'finish':
      return phrase('finishes', 'finish', `: ${clip(text('summary') ?? '', 200)}`);
    case 'submit_review':
      return phrase('submits', 'submit', ' the review');
    default:
      return phrase('uses', 'use', ` ${tool}`);
  }
}

/** What a tool call that went wrong was trying to do ("developer could not edit the file — …"). */
const FAILED_TOOL_WORDS: Record<string, string> = {
  read_file: 'read the file',
  write_file: 'write the file',
  edit_file: 'edit the file',
  list_files: 'list the files',
  search_files: 'search the files',
  grep: 'search the files',
  run_command: 'run the command',
  show_diff: 'show the diff',
  submit_review: 'hand in the review',
};

const KEY_VARIABLES: Record<string, string> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };

/** An agent's error in words: a refused key says whose and how to change it; a stop after retrying says so. */
function errorWords(error: ErrorData): string {
  const message = oneLine(error.message);
  const provider = typeof error.details?.['provider'] === 'string' ? error.details['provider'] : undefined;
  if (error.code === 'provider_auth' && provider !== undefined) {
    const variable = KEY_VARIABLES[provider];
    return `the ${provider} key was refused (${message}) — change it in Settings (\`kanbots\`, then the gear)${variable ? ` or set ${variable}` : ''}`;
  }
  const retries = error.details?.['retries'] as { attempts?: number; stoppedBy?: string } | undefined;
  if (retries !== undefined && typeof retries.attempts === 'number') {
    return `${message} — stopped after ${retries.attempts} ${retries.attempts === 1 ? 'attempt' : 'attempts'}${retries.stoppedBy === 'time' ? ' (the problem lasted longer than Kanbots waits)' : ''}`;
  }
  return message;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
