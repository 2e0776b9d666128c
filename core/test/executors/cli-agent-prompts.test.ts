import { describe, expect, it } from 'vitest';
import { defaultResumePrompt, followUpPrompt, initialCliAgentContext, resumedPrompt, runRequestOf } from '../../src/executors/cli-agent-context.js';

// Which prompt each CLI run gets: the first prompt is never replayed into a new session once a
// session id is known, and an instruction is never dropped when no session exists (pure).
const base = { ...initialCliAgentContext({ agentId: 'dev_1', executorKind: 'codex', policy: { default: 'allow' }, model: 'gpt-5.5' }), task: 'Fix the bug.', prompt: 'Fix the bug.' };

describe('CLI agent prompts', () => {
  it('RESUME with a session continues it with the resume prompt, not the first prompt', () => {
    const context = { ...base, sessionId: 'thread-1' };
    expect(resumedPrompt(context)).toBe(defaultResumePrompt);
    expect(runRequestOf({ ...context, prompt: resumedPrompt(context) })).toEqual({
      agentId: 'dev_1',
      prompt: defaultResumePrompt,
      resumeSessionId: 'thread-1',
      // The task goes along, for an agent that no longer knows the session (a new one starts with it).
      task: 'Fix the bug.',
      model: 'gpt-5.5',
      policy: { default: 'allow' },
    });
  });

  it('RESUME without a session runs the interrupted prompt again, in a new session', () => {
    expect(resumedPrompt(base)).toBe('Fix the bug.');
    expect(runRequestOf(base).resumeSessionId).toBeUndefined();
  });

  it('follow-ups that waited become the prompt; without a session the unanswered prompt goes first', () => {
    expect(resumedPrompt({ ...base, sessionId: 'thread-1', pendingFollowUps: ['Also add a test.'] })).toBe('Also add a test.');
    expect(resumedPrompt({ ...base, pendingFollowUps: ['Also add a test.'] })).toBe('Fix the bug.\n\nAlso add a test.');
    expect(followUpPrompt({ ...base, sessionId: 'thread-1' }, ['a', 'b'])).toBe('a\n\nb');
  });
});
