import { z } from 'zod';
import type { AgentTool } from '../../src/agents/tools/tool.js';

/**
 * Test tools with observable side effects (not doubles of our code: real tools the agent runs):
 * a gate the test opens, a counter, and one that waits for its abort signal.
 */

export interface GatedTool {
  tool: AgentTool;
  runs: number;
  /** Resolves when the tool has started its n-th run (1-based). */
  started(run?: number): Promise<void>;
  /** Lets the current run finish. */
  open(): void;
}

export function gatedTool(name = 'slow_step'): GatedTool {
  let release: (() => void) | undefined;
  const startWaiters: { run: number; resolve: () => void }[] = [];
  const state: GatedTool = {
    runs: 0,
    tool: {
      name,
      description: 'A step that takes a while.',
      readOnly: true,
      inputSchema: z.object({ label: z.string() }),
      async run(input) {
        state.runs += 1;
        for (const waiter of startWaiters.filter((candidate) => candidate.run <= state.runs)) waiter.resolve();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { content: `step ${(input as { label: string }).label} done` };
      },
    },
    started(run = 1) {
      if (state.runs >= run) return Promise.resolve();
      return new Promise((resolve) => startWaiters.push({ run, resolve }));
    },
    open() {
      release?.();
    },
  };
  return state;
}

export function countingTool(name = 'count'): { tool: AgentTool; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    tool: {
      name,
      description: 'Counts its calls.',
      readOnly: false,
      inputSchema: z.object({ label: z.string() }),
      async run(input) {
        calls.push((input as { label: string }).label);
        return { content: `counted ${calls.length}` };
      },
    },
  };
}

export function abortObservingTool(name = 'long_job'): { tool: AgentTool; started: Promise<void>; aborted: Promise<string> } {
  let markStarted!: () => void;
  let markAborted!: (reason: string) => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const aborted = new Promise<string>((resolve) => (markAborted = resolve));
  return {
    started,
    aborted,
    tool: {
      name,
      description: 'Runs until aborted.',
      readOnly: true,
      inputSchema: z.object({}),
      run(_input, context) {
        markStarted();
        return new Promise((resolve) => {
          context.signal.addEventListener('abort', () => {
            markAborted('aborted');
            resolve({ content: 'stopped', isError: true });
          });
        });
      },
    },
  };
}
