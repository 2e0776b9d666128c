import type { RecordedRequest } from './scripted-model-server/scripted-step.js';

/**
 * What the demo's scripted agents read from a request (Anthropic Messages wire format, the one the
 * demo's agents speak): which tools they were offered, the instruction they are answering, how many
 * turns they took since, and how the person answered their last tool call. Pure: the same request
 * always reads the same, so a re-sent request (pause, restart, retry) gets the same answer.
 */

export interface DemoConversation {
  /** The system prompt (the persona's). */
  system: string;
  /** Names of the tools the request offers. */
  tools: ReadonlySet<string>;
  /** The first instruction of the conversation (the card's task, or the review or judge request). */
  firstInstruction: string;
  /** The latest instruction: the task, the reviewer's findings, or a follow-up typed at the gate. */
  instruction: string;
  /** How many user instructions the conversation holds so far (1 for the first one). */
  instructionCount: number;
  /** Assistant turns since the latest instruction. */
  turnsSinceInstruction: number;
  /** The latest tool call answered in the last message, with what came back. */
  lastResult?: { tool: string; content: string; denied: boolean };
  /** A letter given to this conversation by its first answer (kept in its tool-call ids). */
  variant?: string;
}

interface Block {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  tool_use_id?: string;
  content?: unknown;
}

interface Message {
  role?: string;
  content?: string | Block[];
}

function blocksOf(message: Message): Block[] {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return Array.isArray(message.content) ? message.content : [];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((block: Block) => (typeof block?.text === 'string' ? block.text : '')).join('');
  return '';
}

/** The tool-call id prefix that carries a conversation's variant letter. */
export const variantIdPrefix = 'toolu_demo_';

export function readDemoConversation(request: RecordedRequest): DemoConversation {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as { system?: unknown; messages?: Message[]; tools?: Array<{ name?: string }> };
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const tools = new Set((body.tools ?? []).map((tool) => tool.name).filter((name): name is string => typeof name === 'string'));
  let firstInstruction = '';
  let instruction = '';
  let instructionCount = 0;
  let turnsSinceInstruction = 0;
  let variant: string | undefined;
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    const blocks = blocksOf(message);
    if (message.role === 'assistant') {
      turnsSinceInstruction += 1;
      for (const block of blocks) {
        if (block.type !== 'tool_use' || typeof block.id !== 'string') continue;
        toolNames.set(block.id, block.name ?? '');
        const letter = block.id.startsWith(variantIdPrefix) ? block.id.slice(variantIdPrefix.length, variantIdPrefix.length + 1) : '';
        if (variant === undefined && /^[A-Z]$/.test(letter)) variant = letter;
      }
      continue;
    }
    const text = blocks
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('\n')
      .trim();
    if (text === '') continue;
    instructionCount += 1;
    if (instructionCount === 1) firstInstruction = text;
    instruction = text;
    turnsSinceInstruction = 0;
  }
  const conversation: DemoConversation = { system: textOf(body.system), tools, firstInstruction, instruction, instructionCount, turnsSinceInstruction };
  if (variant !== undefined) conversation.variant = variant;
  const last = messages.at(-1);
  const result = last?.role === 'user' ? blocksOf(last).filter((block) => block.type === 'tool_result').at(-1) : undefined;
  if (result?.tool_use_id !== undefined) {
    const content = textOf(result.content);
    conversation.lastResult = { tool: toolNames.get(result.tool_use_id) ?? '', content, denied: /denied by the user/i.test(content) };
  }
  return conversation;
}
