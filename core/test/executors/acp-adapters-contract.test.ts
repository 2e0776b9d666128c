import { AcpExecutor } from '../../src/executors/acp/acp-executor.js';
import { acpAgentEnvironment } from '../../src/executors/acp/acp-agent-environment.js';
import { createCliAgentActor } from '../../src/executors/create-cli-agent-actor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { cliAgentFactory } from '../../src/runs/cli-hosted-agent.js';
import { ensureAcpAdapter, type PinnedAcpAdapterName } from '../support/acp-adapters.js';
import { runExecutorContract } from './executor-contract.js';

// The real ACP adapters of Claude Code and Codex (pinned, installed on demand into .cache; Claude's
// on a Node 24 from the registry) through the ACP executor, against the scripted model server.

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

interface AdapterCase {
  adapter: PinnedAcpAdapterName;
  agentName: 'claude-code-acp' | 'codex-acp';
  label: string;
  apiKey: string;
  model: string;
  baseUrl: (server: { anthropicBaseUrl: string; openaiBaseUrl: string }) => string;
  writeFileCall: (worktree: string, relativePath: string, content: string) => { name: string; input: unknown };
}

const cases: AdapterCase[] = [
  {
    adapter: 'claude-agent-acp',
    agentName: 'claude-code-acp',
    label: 'Claude Code over ACP (claude-agent-acp)',
    apiKey: 'sk-ant-acp-contract-0123456789abcdef',
    model: 'claude-sonnet-4-5',
    baseUrl: (server) => server.anthropicBaseUrl,
    writeFileCall: (worktree, relativePath, content) => ({ name: 'Write', input: { file_path: `${worktree}/${relativePath}`, content } }),
  },
  {
    adapter: 'codex-acp',
    agentName: 'codex-acp',
    label: 'Codex over ACP (codex-acp)',
    apiKey: 'sk-codex-acp-contract-0123456789abcdef',
    model: 'gpt-5.5',
    baseUrl: (server) => server.openaiBaseUrl,
    // Under Kanbots' "ask" policy Codex runs read-only, so the model asks to leave the sandbox
    // (as Codex's models do when a write is refused), which codex-acp turns into a question.
    writeFileCall: (_worktree, relativePath, content) => ({
      name: 'exec_command',
      input: { cmd: `printf '%s' ${shellQuote(content)} > ${shellQuote(relativePath)}`, sandbox_permissions: 'require_escalated', justification: 'Write the file the task asks for' },
    }),
  },
];

const claudeTitleModel = 'claude-haiku-4-5';

for (const adapterCase of cases) {
  let command = { command: '', args: [] as string[] };
  let pids: number[] = [];
  runExecutorContract(adapterCase.label, {
    kind: `acp:${adapterCase.agentName}`,
    model: adapterCase.model,
    apiKey: adapterCase.apiKey,
    asksForApproval: true,
    prepare: async () => {
      command = await ensureAcpAdapter(adapterCase.adapter);
    },
    factory: ({ agentId, worktree, env, policy, server }) => {
      const environment = acpAgentEnvironment(adapterCase.agentName, {
        apiKey: adapterCase.apiKey,
        baseUrl: adapterCase.baseUrl(server),
        maxRetries: 0,
        homeRoot: `${env['HOME'] ?? worktree}/acp-homes`,
      });
      // Claude Code titles each session with its small model (a resumed one too, after the
      // contract has reset the server): that lane answers every run.
      const answerTitles = (): void => {
        if (adapterCase.agentName === 'claude-code-acp') server.respond(claudeTitleModel, () => ({ text: 'A session title' }));
      };
      return cliAgentFactory(`acp:${adapterCase.agentName}`, (snapshot) =>
        createCliAgentActor(
          {
            id: agentId,
            executor: new AcpExecutor({
              agent: { name: adapterCase.agentName, command: command.command, args: command.args },
              secretEnv: environment.secretEnv,
              runEnv: async (input) => {
                answerTitles();
                return environment.runEnv(input);
              },
              killGraceMs: 500,
              onProcessStarted: (pid) => pids.push(pid),
            }),
            worktree,
            model: adapterCase.model,
            policy,
            // Claude Code names each new session with a request to its small model: a lane of its own.
            env: adapterCase.agentName === 'claude-code-acp' ? { ...env, ANTHROPIC_DEFAULT_HAIKU_MODEL: claudeTitleModel, ANTHROPIC_SMALL_FAST_MODEL: claudeTitleModel } : env,
          },
          snapshot === undefined ? {} : { snapshot },
        ),
      );
    },
    writeFileCall: adapterCase.writeFileCall,
    processes: () => ({ started: pids.length, alive: pids.filter((pid) => groupAlive(pid)).length }),
    resetProcesses: () => {
      pids = [];
    },
    resumable: (agent) => JSON.stringify(agent.persistedSnapshot((value) => value)).includes('"sessionId":"'),
  });
}
