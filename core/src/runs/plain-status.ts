/**
 * Run states in the person's words: what the workflow was doing when it stopped, and what an
 * agent is doing now. State and phase names stay in the Details view.
 */
const workflowSteps: Record<string, string> = {
  preparing: 'getting the worktree ready',
  developing: 'the developer was working',
  reviewing: 'the reviewer was reviewing',
  judging: 'the judge was comparing the candidates',
  stepping: 'a pipeline step was running',
  followingUp: 'the developer was following up',
  merging: 'merging',
  discarding: 'discarding',
};

const agentPhases: Record<string, string> = {
  preparing: 'is getting ready',
  requesting: 'is working',
  runningTools: 'is running tools',
  awaitingApproval: 'is waiting for your approval',
  backingOff: 'is waiting to try the model again',
  paused: 'is paused',
};

/** "Stopped while the developer was working: <reason>. Retry or cancel." */
export function failedStatusText(step: string | undefined, message: string | undefined): string {
  const where = step === undefined ? '' : ` while ${workflowSteps[step] ?? step.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
  return `Stopped${where}: ${message ?? 'an unknown error'} — retry or cancel`;
}

/** "Setting up the worktree: `npm ci`" (the first line of the script, shortened). */
export function setupStatusText(script: string): string {
  const line = script.trim().split('\n')[0] ?? '';
  return `Setting up the worktree: \`${line.length > 60 ? `${line.slice(0, 59)}…` : line}\``;
}

/** "Developer is working", "Reviewer-2 is running tools". */
export function workingStatusText(agentKey: string, phase: string): string {
  const name = agentKey.charAt(0).toUpperCase() + agentKey.slice(1);
  return `${name} ${agentPhases[phase] ?? 'is working'}`;
}

/**
 * "Developer", "Developer 2" for agent keys such as `developer`, `developer-2`; with the agent's
 * role, a key that does not name it (a pipeline's `step-2`) reads as the role ("Tester").
 */
export function agentName(agentKey: string, role?: string): string {
  const key = role !== undefined && !agentKey.startsWith(role) ? role : agentKey;
  const numbered = /^(.*?)-(\d+)$/.exec(key);
  const base = (numbered?.[1] ?? key).replace(/[-_]/g, ' ');
  const name = base.charAt(0).toUpperCase() + base.slice(1);
  return numbered ? `${name} ${numbered[2]}` : name;
}

/** A tool call waiting for approval, in words: what it wants to do and to what (`subject` is code: a command or a path). */
export interface ToolRequestWords {
  who: string;
  wants: string;
  subject?: string;
}

function field(input: unknown, ...names: string[]): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  for (const name of names) {
    const value = (input as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

function withSubject(who: string, wants: string, subject: string | undefined): ToolRequestWords {
  return subject === undefined ? { who, wants } : { who, wants, subject };
}

/** "Developer wants to run `npm test`", as parts (the UI sets the subject in code type). */
export function toolRequestWords(agentKey: string, tool: string, input: unknown, role?: string): ToolRequestWords {
  const who = agentName(agentKey, role);
  switch (tool) {
    case 'run_command':
      return withSubject(who, 'wants to run', field(input, 'command'));
    case 'write_file':
      return withSubject(who, 'wants to write', field(input, 'path'));
    case 'edit_file':
      return withSubject(who, 'wants to edit', field(input, 'path'));
    case 'read_file':
      return withSubject(who, 'wants to read', field(input, 'path'));
    case 'list_files':
      return withSubject(who, 'wants to list the files in', field(input, 'path') ?? '.');
    case 'search_files':
      return withSubject(who, 'wants to search the files for', field(input, 'query', 'pattern'));
    case 'show_diff':
      return { who, wants: 'wants to look at the changes' };
    default:
      return withSubject(who, 'wants to use', tool);
  }
}

/** The same as one line of text: "Developer wants to run `npm test`". */
export function toolRequestText(agentKey: string, tool: string, input: unknown, role?: string): string {
  const words = toolRequestWords(agentKey, tool, input, role);
  const subject = words.subject === undefined ? '' : ` \`${words.subject.length > 80 ? `${words.subject.slice(0, 79)}…` : words.subject}\``;
  return `${words.who} ${words.wants}${subject}`;
}

const toolLabels: Record<string, { label: string; fields: string[] }> = {
  read_file: { label: 'Read', fields: ['path', 'file_path'] },
  write_file: { label: 'Write', fields: ['path', 'file_path'] },
  edit_file: { label: 'Edit', fields: ['path', 'file_path'] },
  run_command: { label: 'Run', fields: ['command'] },
  list_files: { label: 'List the files in', fields: ['path'] },
  search_files: { label: 'Search the files for', fields: ['query', 'pattern'] },
  show_diff: { label: 'Look at the changes', fields: [] },
  finish: { label: 'Finish', fields: [] },
  submit_review: { label: 'Hand in the review', fields: [] },
  submit_judgement: { label: 'Hand in the comparison', fields: [] },
};

/** A tool call on an agent's card in words: "Read `src/app.ts`", "Run `npm test`"; a tool Kanbots does not know reads "Use `its_name`". */
export function toolCallWords(tool: string, input: unknown): { label: string; subject?: string } {
  const known = toolLabels[tool];
  if (known === undefined) return { label: 'Use', subject: tool };
  const subject = field(input, ...known.fields) ?? (tool === 'list_files' ? '.' : undefined);
  return subject === undefined ? { label: known.label } : { label: known.label, subject };
}
