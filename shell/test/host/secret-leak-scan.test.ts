import { eventsOf, formatActivityLog, type ServerMessage } from '@kanbots/core/internals';
import { RUN_UPDATED_TOPIC, runViewSchema, type RunView } from '@kanbots/core/protocol';
import { createTestRepository, findSecretLeaks, scanDirectoryForSecrets, startScriptedModelServer, type ScriptedModelServer, type SecretLeak, type TestRepository } from '@kanbots/core/testing';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, withKnownSecrets } from '../../src/host/logger.js';
import { SecretRedactor } from '@kanbots/core/internals';
import { openClient, useHostContext, type ProtocolTestClient } from './host-test-context.js';

/**
 * The keys a run can reach — the stored Anthropic key, the OpenAI key from the environment, the
 * compatible provider's key (no recognisable shape) — never leave the host and never reach a
 * record: a model that echoes them split across deltas (two, three, one character each), a
 * command that prints them base64-encoded or reversed, a file tool that reads them, an edit that
 * writes them into the diff. Real SDKs against the scripted model server, the real host, every
 * WebSocket frame of two clients (one there from the start, one connecting after), the replies
 * of run.get and run.diff, every file under the data directory and the activity log's exports.
 */

const secrets = {
  'anthropic.apiKey': 'sk-ant-api03-LeakTest_9f8e7d6c5b4a3210-ZYXWVUTSRQ-abcdefghij',
  'openai.apiKey': 'sk-proj-LeakTestOpenAI-00112233445566778899aabbccddeeff',
  'compatible.apiKey': 'plain-compatible-credential-7e3b91d5c2a8',
} as const;
const plantedFile = 'config/credentials.txt';

function split(value: string, pieces: number): string[] {
  const size = Math.ceil(value.length / pieces);
  return Array.from({ length: pieces }, (_, index) => value.slice(index * size, (index + 1) * size));
}

const servers: ScriptedModelServer[] = [];
const repositories: TestRepository[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const repository of repositories.splice(0)) await repository.cleanup();
});

function framesOf(clients: ProtocolTestClient[]): { label: string; text: string }[] {
  return clients.flatMap((client, clientIndex) => client.received.map((message, index) => ({ label: `client ${clientIndex} frame ${index} (${message.type})`, text: JSON.stringify(message) })));
}

async function waitForRun(client: ProtocolTestClient, runId: string, predicate: (view: RunView) => boolean): Promise<RunView> {
  const matches = (message: ServerMessage) => eventsOf(message).some((event) => event.topic === RUN_UPDATED_TOPIC && runViewSchema.parse(event.data).id === runId && predicate(runViewSchema.parse(event.data)));
  const message = await client.next(matches);
  return runViewSchema.parse(eventsOf(message).find((event) => event.topic === RUN_UPDATED_TOPIC && (event.data as RunView).id === runId)!.data);
}

describe('keys never leave the host', () => {
  const context = useHostContext();

  it('keeps every key out of every frame, view, record, log, journal, snapshot and export', { timeout: 120_000 }, async () => {
    const modelServer = await startScriptedModelServer();
    servers.push(modelServer);
    const repository = await createTestRepository();
    repositories.push(repository);
    await repository.writeFiles({ [plantedFile]: `${Object.values(secrets).join('\n')}\n` });
    await repository.commitAll('a file that holds the keys');

    const anthropicKey = secrets['anthropic.apiKey'];
    const openaiKey = secrets['openai.apiKey'];
    const compatibleKey = secrets['compatible.apiKey'];
    modelServer.script('claude-leak', [
      {
        text: ['Keys: ', ...split(anthropicKey, 2), ' and ', ...split(openaiKey, 3), ' and ', ...compatibleKey, '.'],
        // Longer than the 30 ms batch window: the pieces of each key travel in separate frames.
        chunkDelayMs: 35,
        toolCalls: [
          { name: 'run_command', input: { command: `base64 ${plantedFile}` } },
          { name: 'run_command', input: { command: `rev ${plantedFile}; xxd -p ${plantedFile}` } },
          { name: 'read_file', input: { path: plantedFile } },
        ],
      },
      { text: [`Writing ${anthropicKey.slice(0, 9)}`, anthropicKey.slice(9)], toolCalls: [{ name: 'write_file', input: { path: 'notes.md', content: `the key: ${compatibleKey}\n` } }] },
      { toolCalls: [{ name: 'finish', input: { summary: `Done; the key is ${openaiKey}` } }] },
    ]);
    modelServer.script('local-leak', [{ text: [...split(compatibleKey, 5), ' is what I was given.'], chunkDelayMs: 35 }]);

    const dataDir = await context.temporaryDirectory('kanbots-leak-data-');
    const configDir = await context.temporaryDirectory('kanbots-leak-config-');
    const logLines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
    const host = await context.start({ dataDir, configDir, secretStore: 'file', env: { OPENAI_API_KEY: openaiKey }, logger, kanbots: { gitEnvironment: repository.gitEnvironment } });
    const watcher = await openClient(host.port, host.token);
    context.track(watcher.socket);
    const clients = [watcher];

    const ok = async (id: string, name: string, args: unknown) => {
      const reply = await watcher.command(id, name, args);
      if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
      return reply.result;
    };
    await ok('u1', 'settings.update', {
      patch: {
        providers: { anthropic: { baseURL: modelServer.anthropicBaseUrl }, compatible: { enabled: true, baseURL: modelServer.openaiBaseUrl, defaultModel: 'local-leak' } },
        toolPolicy: { rules: { run_command: 'allow' } },
      },
    });
    await ok('s1', 'secrets.set', { name: 'anthropic.apiKey', value: anthropicKey });
    await ok('s2', 'secrets.set', { name: 'compatible.apiKey', value: compatibleKey });
    await ok('r1', 'repositories.register', { path: repository.path });
    const card = { id: ((await ok('c1', 'card.create', { title: 'Echo the keys' })) as { createdId: string }).createdId };
    const other = { id: ((await ok('c2', 'card.create', { title: 'Ask the local model' })) as { createdId: string }).createdId };

    const run = (await ok('start', 'run.start', { cardId: card.id, workflow: 'solo', options: { provider: 'anthropic', model: 'claude-leak', repository: repository.path, baseBranch: 'main' } })) as RunView;
    const atGate = await waitForRun(watcher, run.id, (view) => view.gate !== undefined || view.status === 'failed');
    expect(atGate.status, JSON.stringify(atGate.error ?? atGate.agents.map((agent) => agent.error))).toBe('needs_you');
    const local = (await ok('start2', 'run.start', { cardId: other.id, workflow: 'solo', options: { provider: 'compatible', repository: repository.path, baseBranch: 'main' } })) as RunView;
    await waitForRun(watcher, local.id, (view) => view.gate !== undefined || view.status === 'failed');

    // The keys did travel where they had to: to the model (in the tool results) and nowhere else.
    const toolResults = JSON.stringify(modelServer.requests.filter((request) => request.lane === 'claude-leak').map((request) => request.body));
    expect(toolResults).toContain(Buffer.from(anthropicKey).toString('base64').slice(0, 20));
    modelServer.assertComplete();

    const view = await watcher.command('g1', 'run.get', { runId: run.id });
    const diff = await watcher.command('d1', 'run.diff', { runId: run.id });
    expect(JSON.stringify(diff)).toContain('notes.md');
    const late = await openClient(host.port, host.token);
    context.track(late.socket);
    clients.push(late);
    await late.command('g2', 'runs.list', {});

    const leaks: SecretLeak[] = [];
    leaks.push(...findSecretLeaks(logLines.join(''), secrets, 'host log'));
    const frames = framesOf(clients);
    for (const frame of frames) leaks.push(...findSecretLeaks(frame.text, secrets, frame.label));
    const runIds = host.kanbots.store.runs.list();
    expect(runIds.length).toBeGreaterThan(0);
    for (const runId of runIds) {
      for (const format of ['jsonl', 'markdown'] as const) leaks.push(...findSecretLeaks(formatActivityLog(host.kanbots.runs.activity(runId), format), secrets, `export ${format} of ${runId}`));
    }
    // Everything Kanbots writes; the worktrees are the user's own files (they hold the planted file).
    const scanned = await scanDirectoryForSecrets(dataDir, secrets, { exclude: ['worktrees/'] });
    leaks.push(...scanned.leaks);
    expect(leaks).toEqual([]);
    expect(JSON.stringify(view)).toContain('[REDACTED]');
    expect(frames.length).toBeGreaterThan(20);
    // The answer streamed in many frames, and what a client assembles from them is redacted text.
    expect(frames.filter((frame) => frame.text.includes('agent.text.delta')).length).toBeGreaterThanOrEqual(4);
    const streamed = watcher.received
      .flatMap((message) => eventsOf(message))
      .map((event) => event.data as { runId?: string; event?: { type: string; turn: number; text: string } })
      .filter((data) => data.runId === run.id && data.event?.type === 'agent.text.delta' && data.event.turn === 1)
      .map((data) => data.event!.text)
      .join('');
    expect(streamed).toBe('Keys: [REDACTED] and [REDACTED] and [REDACTED].');
    expect(scanned.files).toBeGreaterThan(5);
    expect(runIds).toHaveLength(2);
  });

  it('writes no key to disk while a command that holds one waits for approval', { timeout: 120_000 }, async () => {
    const modelServer = await startScriptedModelServer();
    servers.push(modelServer);
    const repository = await createTestRepository();
    repositories.push(repository);
    const anthropicKey = secrets['anthropic.apiKey'];
    modelServer.script('claude-ask', [{ text: 'Calling the API. ', toolCalls: [{ name: 'run_command', input: { command: `curl -H "x-api-key: ${anthropicKey}" https://api.example.test` } }] }]);
    const dataDir = await context.temporaryDirectory('kanbots-leak-data-');
    const configDir = await context.temporaryDirectory('kanbots-leak-config-');
    const host = await context.start({ dataDir, configDir, secretStore: 'file', kanbots: { gitEnvironment: repository.gitEnvironment } });
    const watcher = await openClient(host.port, host.token);
    context.track(watcher.socket);
    const ok = async (id: string, name: string, args: unknown) => {
      const reply = await watcher.command(id, name, args);
      if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
      return reply.result;
    };
    await ok('u1', 'settings.update', { patch: { providers: { anthropic: { baseURL: modelServer.anthropicBaseUrl } } } });
    await ok('s1', 'secrets.set', { name: 'anthropic.apiKey', value: anthropicKey });
    const card = { id: ((await ok('c1', 'card.create', { title: 'Call the API' })) as { createdId: string }).createdId };
    const run = (await ok('start', 'run.start', { cardId: card.id, workflow: 'solo', options: { provider: 'anthropic', model: 'claude-ask', repository: repository.path, baseBranch: 'main' } })) as RunView;
    const asking = await waitForRun(watcher, run.id, (view) => view.pendingApprovals.length > 0 || view.status === 'failed');
    expect(asking.pendingApprovals).toHaveLength(1);
    const scanned = await scanDirectoryForSecrets(dataDir, secrets, { exclude: ['worktrees/'] });
    expect(scanned.leaks).toEqual([]);
    expect(scanned.files).toBeGreaterThan(3);
  });

  it('redacts the known key values from host log lines, not only key shapes', () => {
    const lines: string[] = [];
    const redactor = new SecretRedactor();
    const logger = withKnownSecrets(createLogger({ write: (line) => lines.push(line) }), redactor);
    redactor.setSecret('compatible.apiKey', secrets['compatible.apiKey']);
    logger.warn(`The compatible server refused ${secrets['compatible.apiKey']}`);
    expect(lines).toEqual(['[kanbots] warn: The compatible server refused [REDACTED]\n']);
  });
});
