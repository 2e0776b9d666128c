import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';

// The scripted server answers a Responses request that declares a freeform (`custom`) tool, such as
// Codex's apply_patch, with a `custom_tool_call` item carrying the raw input text.
let server: ScriptedModelServer;

beforeAll(async () => {
  server = await startScriptedModelServer();
});

afterAll(async () => {
  await server.close();
});

const patch = '*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n';
const tools = [{ type: 'custom', name: 'apply_patch', description: 'patch' }, { type: 'function', name: 'exec_command', parameters: {} }];

async function post(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${server.openaiBaseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return response.text();
}

describe('scripted server: Responses custom tool calls', () => {
  it('renders a call to a declared custom tool as custom_tool_call with raw input (non-streaming)', async () => {
    server.script([{ toolCalls: [{ id: 'p1', name: 'apply_patch', input: patch }, { id: 'e1', name: 'exec_command', input: { cmd: 'ls' } }] }]);
    const body = JSON.parse(await post({ model: 'gpt-5.5', input: 'hi', tools })) as { output: Record<string, unknown>[] };
    expect(body.output).toEqual([
      expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_p1', name: 'apply_patch', input: patch, status: 'completed' }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_e1', name: 'exec_command', arguments: '{"cmd":"ls"}' }),
    ]);
    server.assertComplete();
  });

  it('streams it as one complete item, then response.completed', async () => {
    server.script([{ toolCalls: [{ id: 'p2', name: 'apply_patch', input: patch }] }]);
    const text = await post({ model: 'gpt-5.5', input: 'hi', tools, stream: true });
    const events = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; item?: Record<string, unknown> });
    const done = events.find((event) => event.type === 'response.output_item.done');
    expect(done?.item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: patch });
    expect(events.map((event) => event.type)).not.toContain('response.function_call_arguments.delta');
    expect(events.at(-1)?.type).toBe('response.completed');
  });

  it('keeps a function call when the tool is not declared as custom', async () => {
    server.script([{ toolCalls: [{ id: 'p3', name: 'apply_patch', input: { patch } }] }]);
    const body = JSON.parse(await post({ model: 'gpt-5.5', input: 'hi' })) as { output: Record<string, unknown>[] };
    expect(body.output[0]).toMatchObject({ type: 'function_call', name: 'apply_patch' });
  });
});
