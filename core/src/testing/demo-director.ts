import { readDemoConversation, variantIdPrefix, type DemoConversation } from './demo-conversation.js';
import type { RecordedRequest, ScriptedReply, ScriptedToolCall } from './scripted-model-server/scripted-step.js';

/**
 * The demo's scripted agents: every answer is a function of the conversation so far, so whatever a
 * newcomer presses — deny a command, pause mid-answer, follow up at the gate, retry, run their own
 * card with best-of-N — the next request has an answer and no request is ever "unscripted". The
 * slugify card plays its story (a change request, a second round, an approval); any other card or
 * instruction is acted out plainly ("no AI reads your words"), with a real change to review.
 */

export interface DemoText {
  /** The demo card's title, to recognise its task. */
  title: string;
  /** Source files of the slugify story. */
  slugifyRoundTwo: string;
  testFile: string;
}

type Role = 'developer' | 'reviewer' | 'judge' | 'planner' | 'tester' | 'read-only';

function roleOf(conversation: DemoConversation): Role {
  if (conversation.tools.has('submit_judgement')) return 'judge';
  if (conversation.tools.has('submit_review')) return 'reviewer';
  if (/test engineer/i.test(conversation.system)) return 'tester';
  if (/plans before anyone codes/i.test(conversation.system)) return 'planner';
  return conversation.tools.has('write_file') ? 'developer' : 'read-only';
}

function words(text: string): string[] {
  return text.split(/(?<= )/);
}

const variants = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** Gives every new conversation the next letter (candidates of best-of-N get A, B, C …). */
export function createDemoDirector(text: DemoText): (request: RecordedRequest) => ScriptedReply {
  let next = 0;
  return (request) => {
    const conversation = readDemoConversation(request);
    const variant = conversation.variant ?? variants[next++ % variants.length]!;
    return answer(conversation, variant, text);
  };
}

function say(variant: string, turn: number, reply: { text?: string; toolCalls: Array<Omit<ScriptedToolCall, 'id'>> }, usage: [number, number]): ScriptedReply {
  const result: ScriptedReply = {
    toolCalls: reply.toolCalls.map((call, index) => ({ ...call, id: `${variantIdPrefix}${variant}_${turn}_${index}` })),
    usage: { inputTokens: usage[0], outputTokens: usage[1] },
  };
  if (reply.text !== undefined) result.text = words(reply.text);
  return result;
}

function finish(variant: string, turn: number, summary: string, text?: string): ScriptedReply {
  return say(variant, turn, { ...(text === undefined ? {} : { text }), toolCalls: [{ name: 'finish', input: { summary } }] }, [1500 + turn * 100, 40]);
}

function quoted(instruction: string): string {
  const line = instruction.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function answer(conversation: DemoConversation, variant: string, text: DemoText): ScriptedReply {
  const turn = conversation.turnsSinceInstruction;
  const denied = conversation.lastResult?.denied === true ? conversation.lastResult : undefined;
  switch (roleOf(conversation)) {
    case 'reviewer':
      return review(conversation, variant, text);
    case 'judge':
      return judge(conversation, variant);
    case 'planner':
    case 'tester':
    case 'read-only':
      return turn === 0
        ? say(variant, turn, { text: '[scripted model] Looking at the project. ', toolCalls: [{ name: 'list_files', input: {} }] }, [800, 30])
        : finish(variant, turn, readOnlySummary(roleOf(conversation), conversation.firstInstruction.includes(text.title)));
    case 'developer':
      if (denied) {
        const command = denied.tool === 'run_command' ? 'the command' : `\`${denied.tool}\``;
        return finish(variant, turn, `Stopped without ${command}: you denied it. The change so far is in the worktree.`, `You denied ${command}, so I will not run it. I stop here and leave the change as it is. `);
      }
      if (conversation.instructionCount === 1 && conversation.instruction.includes(text.title)) return slugifyRoundOne(variant, turn);
      if (conversation.instruction.startsWith('The reviewer requested changes') && conversation.firstInstruction.includes(text.title)) return slugifyRoundTwo(variant, turn, text);
      if (conversation.instruction.startsWith('The person reviewing your change requested changes')) return answerHumanReview(conversation, variant, turn);
      return writeItDown(conversation, variant, turn);
  }
}

function slugifyRoundOne(variant: string, turn: number): ScriptedReply {
  switch (turn) {
    case 0:
      return say(variant, turn, { text: '[scripted model] Let me look at the project first. ', toolCalls: [{ name: 'list_files', input: {} }] }, [900, 40]);
    case 1:
      return say(variant, turn, { text: 'Reading the current implementation. ', toolCalls: [{ name: 'read_file', input: { path: 'src/slugify.js' } }] }, [1100, 35]);
    case 2:
      return say(
        variant,
        turn,
        {
          text: 'Repeated spaces produce empty segments; I will split on runs of spaces and trim. ',
          toolCalls: [{ name: 'edit_file', input: { path: 'src/slugify.js', old_string: ".replace(/[^a-z0-9 ]/g, '').split(' ').join('-')", new_string: ".replace(/[^a-z0-9 ]/g, '').trim().split(/ +/).join('-')" } }],
        },
        [1300, 120],
      );
    case 3:
      return say(variant, turn, { text: 'Now the tests. ', toolCalls: [{ name: 'run_command', input: { command: 'npm test' } }] }, [1500, 30]);
    default:
      return finish(variant, turn, 'Repeated spaces now collapse into one dash; tests pass.');
  }
}

function slugifyRoundTwo(variant: string, turn: number, text: DemoText): ScriptedReply {
  switch (turn) {
    case 0:
      return say(
        variant,
        turn,
        { text: 'Good catch: accents are dropped instead of being folded. I will normalise to NFD and strip the combining marks. ', toolCalls: [{ name: 'write_file', input: { path: 'src/slugify.js', content: text.slugifyRoundTwo } }] },
        [2100, 160],
      );
    case 1:
      return say(
        variant,
        turn,
        { toolCalls: [{ name: 'write_file', input: { path: 'test/slugify.test.js', content: `${text.testFile}\ntest('folds accents and collapses spaces', () => {\n  assert.equal(slugify('Crème  brûlée'), 'creme-brulee');\n});\n` } }] },
        [2300, 90],
      );
    default:
      return finish(variant, turn, 'Accents are folded (NFD + strip marks), spaces collapse, and a test covers both.');
  }
}

/** Three ways of writing an instruction down, so best-of-N candidates differ and the judge can compare. */
const approaches: Record<string, { name: string; render: (instruction: string) => string }> = {
  A: { name: 'a short note', render: (instruction) => `# Demo notes — a short note\n\n${instruction}\n` },
  B: { name: 'a checklist', render: (instruction) => `# Demo notes — a checklist\n\n- [ ] ${instruction}\n- [ ] Check the change at the gate\n- [ ] Merge it, or follow up\n` },
  C: { name: 'a table', render: (instruction) => `# Demo notes — a table\n\n| Asked | Status |\n| --- | --- |\n| ${instruction.replace(/\|/g, '/')} | written down |\n` },
};

function approachOf(variant: string): { name: string; render: (instruction: string) => string } {
  return approaches[variant] ?? approaches[['A', 'B', 'C'][Math.max(0, variants.indexOf(variant)) % 3]!]!;
}

/** Any other card or a follow-up: the scripted developer says what it is and writes the words down. */
function writeItDown(conversation: DemoConversation, variant: string, turn: number): ScriptedReply {
  const followUp = conversation.instructionCount > 1;
  const file = followUp ? 'FOLLOW-UP.md' : 'DEMO-NOTES.md';
  const approach = approachOf(variant);
  switch (turn) {
    case 0:
      return say(
        variant,
        turn,
        {
          text: `[scripted model] This is the scripted demo: no AI reads your words, so I act them out by writing them down in ${file}, as ${approach.name}. `,
          toolCalls: [{ name: 'write_file', input: { path: file, content: approach.render(quoted(followUp ? conversation.instruction : conversation.firstInstruction)) } }],
        },
        [1000, 80],
      );
    default:
      return finish(variant, turn, `Wrote the instruction down in ${file} as ${approach.name} (scripted demo: no AI read it).`);
  }
}

/** The comments of a person's review, as the developer's message lists them (`1. [major] file:line — words`). */
function commentsOf(instruction: string): Array<{ where: string; message: string }> {
  return [...instruction.matchAll(/^\d+\. \[\w+\] (.+?) — (.*)$/gm)].map((match) => ({ where: match[1]!, message: match[2]! }));
}

/** A person's review from the card page: the scripted developer answers each comment in REVIEW-ANSWERS.md. */
function answerHumanReview(conversation: DemoConversation, variant: string, turn: number): ScriptedReply {
  const comments = commentsOf(conversation.instruction);
  if (turn === 0) {
    const lines = comments.map((comment) => `- ${comment.where}: “${quoted(comment.message)}” — done (scripted demo: no AI read it).`);
    return say(
      variant,
      turn,
      {
        text: `[scripted model] Answering your review: ${comments.length} comment${comments.length === 1 ? '' : 's'}. `,
        toolCalls: [{ name: 'write_file', input: { path: 'REVIEW-ANSWERS.md', content: `# Answers to your review\n\n${lines.join('\n')}\n` } }],
      },
      [1200, 90],
    );
  }
  return finish(variant, turn, `Answered your ${comments.length === 1 ? 'comment' : `${comments.length} comments`} in REVIEW-ANSWERS.md.`);
}

function review(conversation: DemoConversation, variant: string, text: DemoText): ScriptedReply {
  const turn = conversation.turnsSinceInstruction;
  const round = conversation.instructionCount;
  if (turn === 0) return say(variant, turn, { text: round === 1 ? '[scripted model] Reviewing the diff. ' : 'Checking the new round. ', toolCalls: [{ name: 'show_diff', input: {} }] }, [1200 + round * 200, 30]);
  if (round === 1 && conversation.firstInstruction.includes(text.title)) {
    return say(
      variant,
      turn,
      {
        toolCalls: [
          {
            name: 'submit_review',
            input: {
              verdict: 'request_changes',
              summary: 'Spaces are handled, but the card also asks for accents.',
              findings: [{ file: 'src/slugify.js', line: 2, severity: 'major', message: 'Accented letters are removed, not folded: "Crème" becomes "crme". Normalise with NFD and strip combining marks.' }],
            },
          },
        ],
      },
      [1400, 120],
    );
  }
  const summary = conversation.firstInstruction.includes(text.title) && round === 2 ? 'Accents and spaces are handled and covered by a test.' : 'The change does what was asked (scripted review: no AI read it).';
  return say(variant, turn, { toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary, findings: [] } }] }, [1800, 60]);
}

/** `## Candidate candidate-2 (branch …)` sections of the judge's message, with the approach each diff shows. */
function candidatesOf(instruction: string): Array<{ key: string; approach?: string }> {
  return instruction
    .split(/^## Candidate /m)
    .slice(1)
    .map((section) => {
      const key = section.split(/\s/, 1)[0] ?? '';
      const approach = Object.values(approaches).find((item) => section.includes(`Demo notes — ${item.name}`));
      return approach === undefined ? { key } : { key, approach: approach.name };
    });
}

function letterOf(key: string): string {
  const number = /-(\d+)$/.exec(key)?.[1];
  return number === undefined ? key : `Candidate ${variants[Number(number) - 1] ?? number}`;
}

function judge(conversation: DemoConversation, variant: string): ScriptedReply {
  const turn = conversation.turnsSinceInstruction;
  const candidates = candidatesOf(conversation.firstInstruction);
  if (candidates.length === 0) return finish(variant, turn, 'There were no candidates to compare.');
  const recommended = candidates.find((candidate) => candidate.approach === 'a checklist') ?? candidates[0]!;
  const reasons = candidates.map((candidate) => ({
    candidate: candidate.key,
    reason: candidate.key === recommended.key ? `${letterOf(candidate.key)} writes the task as ${candidate.approach ?? 'a change'} you can tick off.` : `${letterOf(candidate.key)} writes it as ${candidate.approach ?? 'a change'}; fine, but harder to follow up on.`,
  }));
  return say(variant, turn, { text: `[scripted model] Comparing ${candidates.length} candidates. `, toolCalls: [{ name: 'submit_judgement', input: { recommended: recommended.key, reasons } }] }, [2400, 90]);
}

function readOnlySummary(role: Role, demoCard: boolean): string {
  if (role === 'planner') return demoCard ? '1. In src/slugify.js, fold accents (NFD, strip marks) and collapse spaces. 2. Add a test for "Crème  brûlée". Risk: none.' : '1. Do what the card says. 2. Check it at the gate. (Scripted plan: no AI read the card.)';
  if (role === 'tester') return 'The tests in test/ run with `npm test` (scripted tester: nothing was run).';
  return 'Looked at the project (scripted demo: no AI read the card).';
}
