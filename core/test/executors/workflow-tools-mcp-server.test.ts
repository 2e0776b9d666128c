import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorkflowToolsMcpServer, type WorkflowToolsMcpServer } from '../../src/executors/acp/workflow-tools-mcp-server.js';
import { submitReviewTool } from '../../src/workflows/submit-review-tool.js';

// Kanbots' workflow tools over MCP, driven by the MCP SDK's own client (Streamable HTTP).

let server: WorkflowToolsMcpServer;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startWorkflowToolsMcpServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await server.close();
});

async function connect(token: string | undefined): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  clients.push(client);
  return client;
}

function tokenOf(declaration: { headers: { name: string; value: string }[] }): string {
  return declaration.headers.find((header) => header.name === 'Authorization')!.value.slice('Bearer '.length);
}

describe('workflow tools over MCP', () => {
  it('serves only the session’s tools, with their input schema; a valid answer is kept, a broken one is a tool error the agent can fix', async () => {
    const answers: unknown[] = [];
    const session = server.open({ agentId: 'reviewer_1', tools: [submitReviewTool], worktree: '/tmp', onAnswer: (_name, answer) => answers.push(answer) });
    expect(session.declaration).toMatchObject({ type: 'http', name: 'kanbots', url: server.url });
    const client = await connect(tokenOf(session.declaration));

    const listed = await client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toEqual(['submit_review']);
    expect(listed.tools[0]?.inputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['verdict']) });

    const broken = await client.callTool({ name: 'submit_review', arguments: { verdict: 'approve', findings: 'oops' } });
    expect(broken.isError).toBe(true);
    expect(JSON.stringify(broken.content)).toContain('findings');
    expect(session.answer()).toBeUndefined();

    const unknown = await client.callTool({ name: 'read_settings', arguments: {} });
    expect(unknown.isError).toBe(true);

    const review = { verdict: 'request_changes', findings: [{ file: 'a.txt', severity: 'major', message: 'Say hello' }] };
    const valid = await client.callTool({ name: 'submit_review', arguments: review });
    expect(valid.isError).toBeFalsy();
    expect(session.answer()).toEqual(review);
    expect(answers).toEqual([review]);
  });

  it('refuses a request without the session’s token, with another token, or after the session closed', async () => {
    const session = server.open({ agentId: 'reviewer_1', tools: [submitReviewTool], worktree: '/tmp' });
    await expect(connect(undefined)).rejects.toThrow();
    await expect(connect('not-the-token')).rejects.toThrow();
    const refused = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('submit_review');

    session.close();
    await expect(connect(tokenOf(session.declaration))).rejects.toThrow();
  });

  it('answers a body that is not JSON with a typed JSON-RPC error and changes nothing', async () => {
    const session = server.open({ agentId: 'reviewer_1', tools: [submitReviewTool], worktree: '/tmp' });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${tokenOf(session.declaration)}` },
      body: '{"jsonrpc": "2.0", "method": "tools/call", ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });
    expect(session.answer()).toBeUndefined();
  });
});
