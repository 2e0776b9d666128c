import { z } from 'zod';
import { boardChangeSchema } from '../model/board-commands.js';
import { settingsSchema } from '../settings/settings.js';
import { agentEventSchema } from './agent-event-schema.js';
import { runViewSchema } from './run-views.js';
import { secretChangedSchema } from './settings-commands.js';
import { devServerViewSchema } from './worktree-commands.js';

/**
 * Every event topic of the protocol with the schema of its `data`. `run.agent.event` carries one
 * agent event of a run; `agent` is the agent's key in the run (`developer-2`, the `id` of its
 * view). Nothing else is published.
 */
export const protocolTopics = {
  'board.changed': boardChangeSchema,
  'run.updated': runViewSchema,
  'run.agent.event': z.object({ runId: z.string(), agent: z.string(), event: agentEventSchema }),
  'settings.changed': z.object({ settings: settingsSchema }),
  'secrets.changed': secretChangedSchema,
  /** A card's dev server started, printed output or an address, or ended. */
  'devServer.updated': devServerViewSchema,
} as const;

export type ProtocolTopics = typeof protocolTopics;
export type TopicName = keyof ProtocolTopics;
export type TopicData<Topic extends TopicName> = z.output<ProtocolTopics[Topic]>;

export const topicNames = Object.keys(protocolTopics).sort() as TopicName[];

export const BOARD_CHANGED_TOPIC = 'board.changed' satisfies TopicName;
export const RUN_UPDATED_TOPIC = 'run.updated' satisfies TopicName;
export const RUN_AGENT_EVENT_TOPIC = 'run.agent.event' satisfies TopicName;
export const SETTINGS_CHANGED_TOPIC = 'settings.changed' satisfies TopicName;
export const SECRETS_CHANGED_TOPIC = 'secrets.changed' satisfies TopicName;
export const DEV_SERVER_UPDATED_TOPIC = 'devServer.updated' satisfies TopicName;
