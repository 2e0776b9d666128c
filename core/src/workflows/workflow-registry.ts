import { ConfigurationError, ValidationError } from '../errors.js';
import { builtInWorkflows } from './built-in-workflows.js';
import { defineWorkflow, type WorkflowDefinition, type WorkflowDefinitionInput } from './workflow-definition.js';

/**
 * The workflows a Kanbots instance can run, by id: the built-ins and whatever an embedder
 * registers. The run layer looks machines up here, the protocol lists it for the run form, the
 * statechart docs draw it.
 */

/** Two workflows with one id. */
export class DuplicateWorkflowError extends ConfigurationError {
  override readonly name: string = 'DuplicateWorkflowError';
  constructor(readonly workflow: string) {
    super(`A workflow with the id "${workflow}" is already registered; give yours another id.`, { details: { workflow } });
  }
}

/** A run (or a protocol command) names a workflow this instance does not have: bad input, like a wrong field. */
export class UnknownWorkflowError extends ValidationError {
  override readonly name: string = 'UnknownWorkflowError';
  constructor(
    readonly workflow: string,
    known: readonly string[],
  ) {
    const message = `The workflow "${workflow}" is not available (known: ${known.join(', ')})`;
    super(message, [{ path: 'workflow', message }], { details: { workflow, known: [...known] } });
  }
}

export class WorkflowRegistry {
  private readonly byId = new Map<string, WorkflowDefinition>();

  constructor(definitions: readonly (WorkflowDefinition | WorkflowDefinitionInput)[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  /** Adds a workflow; a DuplicateWorkflowError (nothing changed) when its id is taken. */
  register(definition: WorkflowDefinition | WorkflowDefinitionInput): WorkflowDefinition {
    const checked = defineWorkflow(definition);
    if (this.byId.has(checked.id)) throw new DuplicateWorkflowError(checked.id);
    this.byId.set(checked.id, checked);
    return checked;
  }

  /** The workflow with this id; an UnknownWorkflowError when there is none. */
  get(id: string): WorkflowDefinition {
    const definition = this.byId.get(id);
    if (definition === undefined) throw new UnknownWorkflowError(id, this.ids());
    return definition;
  }

  find(id: string): WorkflowDefinition | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** In registration order: the built-ins first, then the embedder's. */
  list(): WorkflowDefinition[] {
    return [...this.byId.values()];
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

/** A registry with the built-in workflows and then `extra` (an embedder's own). */
export function createWorkflowRegistry(extra: readonly (WorkflowDefinition | WorkflowDefinitionInput)[] = []): WorkflowRegistry {
  return new WorkflowRegistry([...builtInWorkflows, ...extra]);
}
