import type { WorkflowView } from '@kanbots/core/protocol';

/**
 * How the run UI names what the protocol carries. The run messages themselves (views, commands,
 * topics, statecharts) and the workflows with their labels are defined once in core and sent by
 * the host (`@kanbots/core/protocol`, the snapshot's `workflows`).
 */

/** A workflow's label as the host lists it; its id when the host does not list it (any more). */
export function workflowLabel(workflows: readonly WorkflowView[], id: string): string {
  return workflows.find((workflow) => workflow.id === id)?.label ?? id;
}
