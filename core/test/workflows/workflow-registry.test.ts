import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, ValidationError } from '../../src/errors.js';
import { agentSlots } from '../../src/runs/preflight-agents.js';
import { builtInPersonas } from '../../src/personas/built-in-personas.js';
import { allMachineGraphs } from '../../src/statecharts/machines.js';
import { renderStatechartDocs } from '../../src/statecharts/statechart-docs.js';
import {
  answerToolOf,
  builtInWorkflows,
  createWorkflowRegistry,
  defineWorkflow,
  DuplicateWorkflowError,
  parseWorkflowOptions,
  soloWorkflowDefinition,
  UnknownWorkflowError,
  WorkflowDefinitionError,
  WorkflowRegistry,
  type WorkflowDefinitionInput,
} from '../../src/workflows/index.js';
import { soloWorkflow } from '../../src/workflows/solo-workflow.js';

/** A second workflow built from the solo machine: enough to register, list and look up. */
function ownWorkflow(overrides: Partial<WorkflowDefinitionInput> = {}): WorkflowDefinitionInput {
  return {
    id: 'tidy-up',
    label: 'Tidy up',
    description: 'One developer tidies the code.',
    machine: soloWorkflow,
    options: z.strictObject({ maxRounds: z.int().min(1).max(5).default(2) }),
    roles: [{ role: 'developer', defaultPersona: 'developer' }],
    ...overrides,
  };
}

describe('the workflow registry', () => {
  it('holds the built-ins in one place, in order, each with its label, roles and answering tools', () => {
    const registry = createWorkflowRegistry();
    expect(registry.ids()).toEqual(['solo', 'dev-review', 'best-of-n', 'pipeline']);
    expect(registry.list().map((workflow) => workflow.label)).toEqual(['Solo', 'Dev ⇄ review', 'Best of N', 'Pipeline']);
    const devReview = registry.get('dev-review');
    expect(devReview.roles.map((role) => role.role)).toEqual(['developer', 'reviewer']);
    expect(answerToolOf(devReview, 'reviewer')?.name).toBe('submit_review');
    expect(answerToolOf(devReview, 'developer')).toBeUndefined();
    expect(answerToolOf(registry.get('best-of-n'), 'judge')?.name).toBe('submit_judgement');
  });

  it('registers an embedder’s workflow after the built-ins; the statecharts and their docs include it', () => {
    const registry = createWorkflowRegistry([ownWorkflow()]);
    expect(registry.ids()).toEqual(['solo', 'dev-review', 'best-of-n', 'pipeline', 'tidy-up']);
    expect(registry.get('tidy-up').label).toBe('Tidy up');
    expect(Object.keys(allMachineGraphs(registry.list()))).toContain('tidy-up');
    const docs = renderStatechartDocs(registry.list());
    expect(docs['tidy-up.md']).toContain('# Tidy up workflow');
    expect(docs['README.md']).toContain('[Tidy up workflow](./tidy-up.md)');
  });

  it('refuses a second workflow with a taken id and keeps the first', () => {
    const registry = new WorkflowRegistry(builtInWorkflows);
    const refused = (() => {
      try {
        registry.register(ownWorkflow({ id: 'dev-review', label: 'Another' }));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(DuplicateWorkflowError);
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect((refused as DuplicateWorkflowError).name).toBe('DuplicateWorkflowError');
    expect((refused as DuplicateWorkflowError).message).toBe('A workflow with the id "dev-review" is already registered; give yours another id.');
    expect(registry.get('dev-review').label).toBe('Dev ⇄ review');
    expect(registry.ids()).toHaveLength(4);
    expect(() => createWorkflowRegistry([ownWorkflow(), ownWorkflow()])).toThrow(DuplicateWorkflowError);
  });

  it('answers an unknown id with an UnknownWorkflowError naming the known ones', () => {
    const registry = createWorkflowRegistry();
    expect(() => registry.get('test-fix-loop')).toThrow(UnknownWorkflowError);
    expect(() => registry.get('test-fix-loop')).toThrow(ValidationError);
    expect(() => registry.get('test-fix-loop')).toThrow('The workflow "test-fix-loop" is not available (known: solo, dev-review, best-of-n, pipeline)');
    expect(registry.find('test-fix-loop')).toBeUndefined();
  });

  it('refuses a definition it cannot use, saying what is wrong', () => {
    const problem = (input: WorkflowDefinitionInput): string => {
      try {
        defineWorkflow(input);
      } catch (error) {
        expect(error).toBeInstanceOf(WorkflowDefinitionError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(problem(ownWorkflow({ id: 'Tidy Up' }))).toContain('its id must be lower-case letters, digits and -');
    expect(problem(ownWorkflow({ label: ' ' }))).toContain('it needs a label');
    expect(problem(ownWorkflow({ roles: [] }))).toContain('it needs at least one role');
    expect(problem(ownWorkflow({ roles: [{ role: 'developer', defaultPersona: 'developer' }, { role: 'developer', defaultPersona: 'other' }] }))).toContain('the role "developer" is listed twice');
    expect(problem(ownWorkflow({ roles: [{ role: 'tester', defaultPersona: 'tester', answersWith: 'submit_tests' as 'submit_review' }] }))).toContain('"submit_tests", which is not a workflow tool');
    expect(problem(ownWorkflow({ options: z.strictObject({ testCommand: z.string() }) as never }))).toContain('its options name testCommand; a run can carry maxRounds, candidates, steps');
    expect(problem(ownWorkflow({ machine: {} as never }))).toContain('its machine is not an XState machine');
    expect(problem(ownWorkflow())).toBe('accepted');
  });

  it('checks a run’s options with the workflow’s own schema: its defaults apply, its bounds hold', () => {
    const own = defineWorkflow(ownWorkflow());
    expect(parseWorkflowOptions(own, {})).toEqual({ maxRounds: 2 });
    expect(parseWorkflowOptions(own, { maxRounds: 4, candidates: 3 })).toEqual({ maxRounds: 4 });
    expect(() => parseWorkflowOptions(own, { maxRounds: 9 })).toThrow(ValidationError);
    expect(() => parseWorkflowOptions(own, { maxRounds: 9 })).toThrow('Invalid options of the Tidy up workflow: maxRounds:');
    expect(parseWorkflowOptions(soloWorkflowDefinition, { maxRounds: 9 })).toEqual({});
  });

  it('tells the check before a run which agents a run will have, with the persona each role defaults to', () => {
    const registry = createWorkflowRegistry([ownWorkflow({ roles: [{ role: 'developer', defaultPersona: 'reviewer' }] })]);
    const slots = agentSlots(registry.get('tidy-up'), { task: 't' }, {}, builtInPersonas);
    expect(slots.map((slot) => [slot.agent, slot.role, slot.personaName])).toEqual([['developer', 'developer', 'reviewer']]);
    const bestOfN = agentSlots(registry.get('best-of-n'), { task: 't', candidates: 2 }, {}, builtInPersonas);
    expect(bestOfN.map((slot) => [slot.agent, slot.answersWithTool])).toEqual([
      ['developer-1', false],
      ['developer-2', false],
      ['judge', true],
    ]);
  });
});
