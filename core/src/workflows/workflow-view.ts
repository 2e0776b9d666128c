import { z } from 'zod';
import type { WorkflowOptionView, WorkflowView } from '../protocol/workflow-views.js';
import { answerToolOf, type WorkflowDefinition } from './workflow-definition.js';
import type { WorkflowOptionKey } from './workflow-options.js';

/** How a definition is shown to the run form (pure): its options read from its schema's JSON Schema. */

const fallbackLabels: Record<WorkflowOptionKey, string> = { maxRounds: 'Rounds (at most)', candidates: 'Candidates', steps: 'Steps' };

interface JsonSchemaProperty {
  description?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  default?: unknown;
}

const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

export function describeWorkflowOptions(definition: WorkflowDefinition): WorkflowOptionView[] {
  const schema = z.toJSONSchema(definition.options, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const key = name as WorkflowOptionKey;
    const view: WorkflowOptionView = {
      key,
      label: typeof property.description === 'string' && property.description.trim() !== '' ? property.description.trim().slice(0, 200) : fallbackLabels[key],
      kind: key === 'steps' ? 'steps' : 'integer',
    };
    if (view.kind === 'integer') {
      const min = integer(property.minimum);
      const max = integer(property.maximum);
      const fallback = integer(property.default);
      if (min !== undefined) view.min = min;
      if (max !== undefined) view.max = max;
      if (fallback !== undefined) view.default = fallback;
    }
    return view;
  });
}

export function describeWorkflow(definition: WorkflowDefinition): WorkflowView {
  return {
    id: definition.id,
    label: definition.label,
    description: definition.description.slice(0, 500),
    roles: definition.roles.map((role) => {
      const answer = answerToolOf(definition, role.role);
      return { role: role.role, defaultPersona: role.defaultPersona, ...(answer === undefined ? {} : { answersWith: answer.name }) };
    }),
    options: describeWorkflowOptions(definition),
  };
}
