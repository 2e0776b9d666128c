import { z } from 'zod';
import type { ModelToolSpec } from '../../providers/model-port.js';
import type { AgentTool } from './tool.js';

/** The tool as offered to the model: its name, description and a JSON Schema of its input. */
export function toModelToolSpec(tool: AgentTool): ModelToolSpec {
  const schema = z.toJSONSchema(tool.inputSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema['$schema'];
  return { name: tool.name, description: tool.description, inputSchema: schema };
}
