import type { WorkflowKind } from '@kanbots/core/protocol';

/**
 * How the run UI names what the protocol carries. The run messages themselves (views, commands,
 * topics, statecharts) are defined once in core (`@kanbots/core/protocol`).
 */

export const WORKFLOW_LABELS: Record<WorkflowKind, string> = {
  solo: 'Solo',
  'dev-review': 'Dev ⇄ review',
  'best-of-n': 'Best of N',
  pipeline: 'Pipeline',
};
