import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type * as acp from '@agentclientprotocol/sdk';
import { z } from 'zod';
import type { AgentTool } from '../../agents/tools/tool.js';

/**
 * Kanbots' workflow tools (`submit_review`, `submit_judgement`, a workflow's own answer tools)
 * served to ACP agents as an MCP server on loopback (Streamable HTTP, `@modelcontextprotocol/sdk`),
 * so an agent CLI can review or judge with a structured verdict. Each agent session gets its own
 * bearer token (random, 256 bits) that names its tools and where its answer goes; a request
 * without a valid token is refused (401) and learns nothing. A tool's input is checked with the
 * tool's own schema: a broken input goes back to the agent as a tool error it can fix. Only the
 * tools given for the session are served — nothing of the host, its settings or its secrets.
 */

export interface WorkflowToolsSession {
  /** The declaration for `session/new` / `session/load` / `session/resume` (`type: "http"`). */
  declaration: acp.McpServerHttp & { type: 'http' };
  /** Whether a tool the agent names (`mcp__kanbots__submit_review`, `kanbots.submit_review`) is one of this session's. */
  isOwnTool(name: string): boolean;
  /** The answer of the last valid call of a tool that ends the task (its `result`), if any. */
  answer(): unknown;
  /** Revokes the token: later requests with it are refused. */
  close(): void;
}

export interface OpenWorkflowToolsSession {
  /** The agent it is for (logs only). */
  agentId: string;
  tools: readonly AgentTool[];
  /** The agent's worktree (the tools' context). */
  worktree: string;
  /** Told each valid answer as it arrives. */
  onAnswer?: (toolName: string, answer: unknown) => void;
}

export interface WorkflowToolsMcpServer {
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  open(session: OpenWorkflowToolsSession): WorkflowToolsSession;
  close(): Promise<void>;
}

/** The name agents see the server by (Claude Code shows its tools as `mcp__kanbots__submit_review`). */
export const workflowToolsServerName = 'kanbots';

interface LiveSession {
  token: Buffer;
  options: OpenWorkflowToolsSession;
  answer: unknown;
}

const maxBodyBytes = 1_000_000;

function readJsonBody(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > maxBodyBytes) return resolve({ ok: false, message: 'The request is too large.' });
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve({ ok: true, value: undefined });
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        resolve({ ok: false, message: 'The request is not JSON.' });
      }
    });
    request.on('error', () => resolve({ ok: false, message: 'The request could not be read.' }));
  });
}

function sendJsonRpcError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: status === 401 ? -32001 : -32600, message }, id: null }));
}

/** The tool's input as JSON Schema for `tools/list` (the object schema MCP requires). */
function inputJsonSchema(tool: AgentTool): { type: 'object'; [key: string]: unknown } {
  const schema = z.toJSONSchema(tool.inputSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete schema['$schema'];
  return { ...schema, type: 'object' };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length === 0 ? 'input' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

function mcpServerFor(session: LiveSession): Server {
  const server = new Server({ name: workflowToolsServerName, version: '1.0.0' }, { capabilities: { tools: {} } });
  const tools = session.options.tools;
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: inputJsonSchema(tool) })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools.find((candidate) => candidate.name === request.params.name);
    if (tool === undefined) {
      return { isError: true, content: [{ type: 'text', text: `There is no tool named "${request.params.name}". Tools: ${tools.map((item) => item.name).join(', ')}.` }] };
    }
    const parsed = tool.inputSchema.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      return { isError: true, content: [{ type: 'text', text: `The input of ${tool.name} is not valid (${describeIssues(parsed.error)}). Call ${tool.name} again with a corrected input.` }] };
    }
    const outcome = await tool.run(parsed.data, { worktree: session.options.worktree, signal: extra.signal });
    if (outcome.result !== undefined && outcome.isError !== true) {
      session.answer = outcome.result;
      session.options.onAnswer?.(tool.name, outcome.result);
    }
    return { content: [{ type: 'text', text: outcome.content }], ...(outcome.isError === true ? { isError: true } : {}) };
  });
  return server;
}

function bearerToken(request: IncomingMessage): Buffer | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
  return Buffer.from(header.slice('Bearer '.length).trim(), 'utf8');
}

export async function startWorkflowToolsMcpServer(): Promise<WorkflowToolsMcpServer> {
  const sessions = new Set<LiveSession>();
  const findSession = (token: Buffer | undefined): LiveSession | undefined => {
    if (token === undefined) return undefined;
    for (const session of sessions) if (session.token.length === token.length && timingSafeEqual(session.token, token)) return session;
    return undefined;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/mcp') return sendJsonRpcError(response, 404, 'Not found.');
    const session = findSession(bearerToken(request));
    if (session === undefined) return sendJsonRpcError(response, 401, 'A valid token is needed.');
    if (request.method !== 'POST') {
      // Stateless: no server-sent stream and no session to delete.
      response.writeHead(405, { allow: 'POST' });
      response.end();
      return;
    }
    const body = await readJsonBody(request);
    if (!body.ok) return sendJsonRpcError(response, 400, body.message);
    // Stateless Streamable HTTP: a server and transport per request, the session known by its token.
    const server = mcpServerFor(session);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body.value);
  };

  const http = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJsonRpcError(response, 500, 'The request failed.');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const address = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}/mcp`;

  return {
    url,
    open(options) {
      const text = randomBytes(32).toString('base64url');
      const session: LiveSession = { token: Buffer.from(text, 'utf8'), options, answer: undefined };
      sessions.add(session);
      return {
        declaration: { type: 'http', name: workflowToolsServerName, url, headers: [{ name: 'Authorization', value: `Bearer ${text}` }] },
        isOwnTool: (name) => options.tools.some((tool) => [`mcp__${workflowToolsServerName}__${tool.name}`, `${workflowToolsServerName}.${tool.name}`, `${workflowToolsServerName}__${tool.name}`].includes(name)),
        answer: () => session.answer,
        close: () => void sessions.delete(session),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        sessions.clear();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
