/**
 * A workflow defined outside Kanbots: "Test and fix". A tester runs the project's tests
 * (`sh test.sh`) in the card's worktree and reports with `submit_test_report`; while they fail, a
 * developer fixes the code (the report goes to the same developer conversation each round) and
 * the tester runs them again — until they pass or the round limit — then the human gate.
 *
 * Register it with `createKanbots({ workflows: [testFixLoopWorkflow] })`, or for the board with
 * `kanbots serve --workflows examples/test-fix-loop-workflow.ts`. Only public exports are used.
 */
import { assign, defineTool, defineWorkflow, endingStates, initialWorkflowContext, nextStep, stepInput, summaryOf, workflowSetup, z, type WorkflowContext } from '@kanbots/core/workflows';

/** The command the tester runs; the tests pass when it exits 0. */
export const testCommand = 'sh test.sh';

const tester = 'tester';
const developer = 'developer';
const worktree = 'main';

export const testReportSchema = z.object({
  passed: z.boolean().describe(`true when \`${testCommand}\` exited with code 0`),
  summary: z.string().min(1).describe('One line: what ran and how it ended.'),
  failures: z.string().optional().describe('The failing output (what the developer needs to fix it).'),
});
export type TestReport = z.infer<typeof testReportSchema>;

/** The tester's answer: a valid report ends its step with the report as its result. */
export const submitTestReportTool = defineTool({
  name: 'submit_test_report',
  description: `Report the result of running \`${testCommand}\`: passed (exit code 0 or not), a one-line summary, and the failing output when it failed. This ends your turn.`,
  inputSchema: testReportSchema,
  readOnly: true,
  async run(input) {
    return { content: `Test report submitted: ${input.passed ? 'passing' : 'failing'}.`, data: { report: input }, result: input };
  },
});

function latestReport(context: WorkflowContext): TestReport | undefined {
  const parsed = testReportSchema.safeParse(context.outputs[tester]);
  return parsed.success ? parsed.data : undefined;
}

function testerMessage(context: WorkflowContext): string {
  const fixed = summaryOf(context.outputs[developer]);
  const intro = context.round === 0 ? `The card:\n\n${context.task}` : `The developer changed the code (round ${context.round})${fixed ? `: ${fixed}` : '.'}`;
  return `${intro}\n\nRun the tests with run_command \`${testCommand}\`, then call submit_test_report (passed: whether it exited with code 0).`;
}

function fixMessage(context: WorkflowContext): string {
  const report = latestReport(context);
  const failures = report?.failures ?? report?.summary ?? 'The tester sent no valid report.';
  const start = context.round === 0 ? `The card:\n\n${context.task}\n\n` : '';
  return `${start}\`${testCommand}\` fails:\n\n${failures}\n\nFix the code (not the tests) so that it passes, then call finish.`;
}

function roundsLeft(context: WorkflowContext): boolean {
  return context.round - context.cycleStart < context.maxRounds;
}

const testFixLoopMachine = workflowSetup
  .extend({
    actions: {
      askTester: assign(({ context }) => nextStep(context, { agent: tester, role: 'tester', worktree, message: testerMessage(context) })),
      askDeveloper: assign(({ context }) => ({ ...nextStep(context, { agent: developer, role: 'developer', worktree, message: fixMessage(context) }), round: context.round + 1 })),
      sendFollowUp: assign(({ context, event }) => {
        if (event.type !== 'FOLLOW_UP') return {};
        return { ...nextStep(context, { agent: developer, role: 'developer', worktree, message: event.text }), gate: null, keptGate: context.gate, cycleStart: context.round };
      }),
      gatePassing: assign(({ context }) => ({
        gate: { reason: context.round === 0 ? 'The tests pass; nothing needed fixing.' : `The tests pass after ${context.round} fix${context.round === 1 ? '' : 'es'}.`, escalated: false, candidates: [worktree] },
      })),
      gateRoundLimit: assign(({ context }) => ({ gate: { reason: `The tests still fail after ${context.round} fix${context.round === 1 ? "" : "es"} (the limit).`, escalated: true, candidates: [worktree] } })),
    },
    guards: {
      passed: ({ context }) => latestReport(context)?.passed === true,
      roundsLeft: ({ context }) => roundsLeft(context),
    },
  })
  .createMachine({
    id: 'testFixLoop',
    description: 'Tester runs the tests, developer fixes until they pass or the round limit, then the human gate.',
    context: ({ input }) => initialWorkflowContext('test-fix-loop', input),
    initial: 'preparing',
    on: {
      PAUSE: { guard: ({ context }) => !context.paused, actions: ['markPaused', 'pauseAgents'] },
      RESUME: { guard: 'isPaused', actions: ['markResumed', 'resumeAgents'] },
      CANCEL: { target: '.cancelled', actions: 'cancelAgents' },
    },
    states: {
      preparing: {
        description: 'Creates the worktree the tester and the developer share.',
        invoke: {
          src: 'prepareWorktrees',
          input: { keys: [worktree] },
          onDone: { target: 'testing', actions: 'askTester' },
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'preparing' } } },
        },
      },
      testing: {
        description: `The tester runs \`${testCommand}\` and calls submit_test_report.`,
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': { target: 'verdict', actions: 'recordOutput' },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'testing' } } },
        },
      },
      verdict: {
        description: 'Passing → gate; failing with rounds left → the developer; else → gate (escalated).',
        always: [
          { guard: 'passed', target: 'gate', actions: 'gatePassing' },
          { guard: 'roundsLeft', target: 'fixing', actions: 'askDeveloper' },
          { target: 'gate', actions: 'gateRoundLimit' },
        ],
      },
      fixing: {
        description: 'The developer fixes the code from the failing output (or a follow-up), in one conversation.',
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': { target: 'testing', actions: ['recordOutput', 'askTester'] },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'fixing' } } },
        },
      },
      ...endingStates({ followUp: { target: 'fixing', actions: ['sendFollowUp'] }, retry: ['preparing', 'testing', 'fixing', 'merging', 'discarding'] }),
    },
  });

export const testFixLoopWorkflow = defineWorkflow({
  id: 'test-fix-loop',
  label: 'Test and fix',
  description: `A tester runs \`${testCommand}\`; a developer fixes the code until the tests pass or the round limit; then you decide.`,
  machine: testFixLoopMachine,
  options: z.strictObject({ maxRounds: z.int().min(1).max(10).default(3).describe('Fix rounds (at most)') }),
  roles: [
    { role: 'tester', defaultPersona: 'tester', answersWith: submitTestReportTool },
    { role: 'developer', defaultPersona: 'developer' },
  ],
});

/** What `kanbots serve --workflows <this file>` registers. */
export const workflows = [testFixLoopWorkflow];
export default workflows;
