import type { RecordedRequest, ScriptedResult } from '../../src/testing/scripted-model-server/index.js';

/**
 * The scripted developer and reviewer of the durability test, as functions of the request: the
 * next action is the first planned call without a completed result in the conversation, so a
 * request sent again after a crash gets the same answer, and a call reported as interrupted is
 * issued again under a new id (what a model would do).
 */

export const versionOne = 'line 1\nline 2!\nline 3\n';
export const versionTwo = 'line 1\nline two\nline 3\n';

interface PlannedCall {
  base: string;
  name: string;
  input: (id: string) => unknown;
}

const developerPlan: PlannedCall[] = [
  { base: 'dev_w1', name: 'write_file', input: () => ({ path: 'src/app.txt', content: versionOne }) },
  { base: 'dev_r1', name: 'run_command', input: (id) => ({ command: `echo ${id} >> effects.log` }) },
  { base: 'dev_f1', name: 'finish', input: () => ({ summary: 'First try.' }) },
  { base: 'dev_w2', name: 'write_file', input: () => ({ path: 'src/app.txt', content: versionTwo }) },
  { base: 'dev_r2', name: 'run_command', input: (id) => ({ command: `echo ${id} >> effects.log` }) },
  { base: 'dev_f2', name: 'finish', input: () => ({ summary: 'Spelled it out.' }) },
];

const reviewerPlan: PlannedCall[] = [
  { base: 'rev_d1', name: 'show_diff', input: () => ({}) },
  {
    base: 'rev_s1',
    name: 'submit_review',
    input: () => ({ verdict: 'request_changes', findings: [{ file: 'src/app.txt', line: 2, severity: 'major', message: 'Line 2 must spell the number out.' }] }),
  },
  { base: 'rev_d2', name: 'show_diff', input: () => ({}) },
  { base: 'rev_s2', name: 'submit_review', input: () => ({ verdict: 'approve', summary: 'Good.', findings: [] }) },
];

function toolResults(request: RecordedRequest): { id: string; interrupted: boolean }[] {
  const messages = (request.body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  const results: { id: string; interrupted: boolean }[] = [];
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as { type: string; tool_use_id?: string }[]) {
      if (block.type === 'tool_result' && block.tool_use_id) results.push({ id: block.tool_use_id, interrupted: JSON.stringify(block).includes('interrupted') });
    }
  }
  return results;
}

function nextCall(plan: readonly PlannedCall[], request: RecordedRequest): ScriptedResult {
  const results = toolResults(request);
  for (const call of plan) {
    const mine = results.filter((result) => result.id === `toolu_${call.base}` || result.id.startsWith(`toolu_${call.base}_retry`));
    if (mine.some((result) => !result.interrupted)) continue;
    const id = mine.length === 0 ? `toolu_${call.base}` : `toolu_${call.base}_retry${mine.length}`;
    return { toolCalls: [{ id, name: call.name, input: call.input(id) }], usage: { inputTokens: 100, outputTokens: 10 } };
  }
  return { text: 'Nothing left to do.' };
}

export const developerStep = (request: RecordedRequest): ScriptedResult => nextCall(developerPlan, request);
export const reviewerStep = (request: RecordedRequest): ScriptedResult => nextCall(reviewerPlan, request);
