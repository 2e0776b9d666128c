import { z } from 'zod';
import type { MachineGraph } from '../statecharts/machine-graph.js';

/** The schema of a `MachineGraph` (core/src/statecharts/machine-graph.ts) as the hello snapshot carries it. */
export const machineGraphSchema = z.object({
  id: z.string(),
  initial: z.string().optional(),
  states: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      type: z.enum(['atomic', 'compound', 'parallel', 'final', 'history']),
      parent: z.string().optional(),
      initial: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  transitions: z.array(z.object({ source: z.string(), target: z.string(), label: z.string(), guard: z.string().optional() })),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof machineGraphSchema>, MachineGraph> = true;
void sameShape;
