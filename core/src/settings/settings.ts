import { z } from 'zod';
import { commandNetworkAccesses, commandSandboxModes } from '../agents/tools/sandbox/command-sandbox.js';
import { personaNameSchema } from '../personas/persona.js';
import { limits } from '../model/limits.js';
import { workflowIdSchema } from '../workflows/workflow-id.js';

/**
 * The user's settings: providers, run defaults, concurrency limits, the default tool policy, where
 * runs move their card, and notifications. Every field has a default, so `{}` is valid settings.
 * Objects are strict: an unknown key (a typo, or an attempt to store an API key here) is refused.
 * API keys are never settings: they live in the secret store (core/src/secrets).
 */

export const providerNameSchema = z.enum(['anthropic', 'openai', 'compatible']);
export type ProviderName = z.infer<typeof providerNameSchema>;

/** A workflow's id: a built-in one or an embedder's; the host checks it names a registered workflow. */
export const workflowKindSchema = workflowIdSchema;
export type WorkflowKind = z.infer<typeof workflowKindSchema>;

const baseURLSchema = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).max(2000);
const modelNameSchema = z.string().trim().min(1).max(limits.titleLength);
const toolPolicyDecisionSchema = z.enum(['allow', 'ask', 'deny']);
const columnTitleSchema = z.string().trim().min(1).max(limits.titleLength);
const limitSchema = z.int().min(1).max(1000);

export const anthropicProviderSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Without `/v1`; unset = the official endpoint. */
  baseURL: baseURLSchema.optional(),
  defaultModel: modelNameSchema.default('claude-sonnet-4-6'),
});

export const openAIProviderSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** With `/v1`; unset = the official endpoint. */
  baseURL: baseURLSchema.optional(),
  /** Chat Completions or the Responses API. */
  api: z.enum(['chat', 'responses']).default('responses'),
  defaultModel: modelNameSchema.default('gpt-5'),
});

export const compatibleProviderSettingsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Any OpenAI-compatible server, usually ending in `/v1` (e.g. a local model server). Needed to use it. */
  baseURL: baseURLSchema.optional(),
  defaultModel: modelNameSchema.optional(),
});

export const settingsSchema = z.strictObject({
  providers: z
    .strictObject({
      anthropic: anthropicProviderSettingsSchema.prefault({}),
      openai: openAIProviderSettingsSchema.prefault({}),
      compatible: compatibleProviderSettingsSchema.prefault({}),
    })
    .prefault({}),
  defaults: z
    .strictObject({
      provider: providerNameSchema.default('anthropic'),
      workflow: workflowKindSchema.default('dev-review'),
      maxReviewRounds: z.int().min(1).max(20).default(3),
      bestOfN: z.int().min(2).max(8).default(3),
      /** The persona used for each role of a workflow. */
      personas: z
        .strictObject({
          developer: personaNameSchema.default('developer'),
          reviewer: personaNameSchema.default('reviewer'),
          tester: personaNameSchema.default('tester'),
          planner: personaNameSchema.default('planner'),
          judge: personaNameSchema.default('judge'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Concurrency limits (`SchedulerLimits` of core/src/runs/run-scheduler.ts). */
  limits: z
    .strictObject({
      global: limitSchema.default(4),
      perProvider: z.record(z.string().min(1).max(100), limitSchema).default({}),
    })
    .prefault({}),
  /** The default tool policy (`ToolPolicy` of core/src/agents/tools/tool.ts). */
  toolPolicy: z
    .strictObject({
      default: toolPolicyDecisionSchema.default('allow'),
      rules: z.record(z.string().min(1).max(100), toolPolicyDecisionSchema).default({ run_command: 'ask' }),
      /**
       * Commands in an OS sandbox: `auto` (unset: where the platform has one, else unsandboxed and
       * said so), `required` (refuse to run commands unsandboxed), `off`.
       */
      sandbox: z.enum(commandSandboxModes).optional(),
      /** Network access of sandboxed commands (unset: `off`); a run can turn it on. */
      network: z.enum(commandNetworkAccesses).optional(),
    })
    .prefault({}),
  /** The column (by title) a card moves to when its run starts, reaches its human gate, is merged. */
  columns: z
    .strictObject({
      running: columnTitleSchema.default('In progress'),
      gate: columnTitleSchema.default('Review'),
      merged: columnTitleSchema.default('Done'),
    })
    .prefault({}),
  /** Kanbots' own git. */
  git: z
    .strictObject({
      /**
       * Run the repository's hooks (pre-commit, post-merge…) on the merge you ask for at the gate.
       * Off: Kanbots' git never runs a hook, so nothing an agent wrote into the hooks runs.
       */
      runUserHooksOnMerge: z.boolean().default(false),
    })
    .prefault({}),
  /** Pull requests from the gate. */
  github: z
    .strictObject({
      /** The remote a card's branch is pushed to. */
      remote: z.string().trim().min(1).max(200).default('origin'),
      /** The REST API of a GitHub Enterprise Server (`https://github.example.com/api/v3`); empty: api.github.com, or `https://<host>/api/v3` for other hosts. */
      apiBaseUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    })
    .prefault({}),
  notifications: z
    .strictObject({
      /** A run waits for the human (an approval, a gate). */
      needsYou: z.boolean().default(true),
      /** A run finished (merged, discarded, failed). */
      finished: z.boolean().default(true),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** The settings of a fresh install. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
