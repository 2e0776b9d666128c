import { parse as parseYaml } from 'yaml';
import { personaFrontMatterSchema, type Persona } from './persona.js';

export type ParsedPersonaFile = { ok: true; persona: Persona } | { ok: false; reason: string };

const frontMatterPattern = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/**
 * Parses a persona Markdown file: YAML front matter (name, description, role, tools, model) and a
 * body that is the system prompt. Pure; never throws — a problem comes back as a reason.
 */
export function parsePersonaFile(text: string, source: 'repository' | 'user', path: string): ParsedPersonaFile {
  const match = frontMatterPattern.exec(text);
  if (!match) return { ok: false, reason: 'missing YAML front matter (the file must start with a --- block)' };
  let frontMatter: unknown;
  try {
    frontMatter = parseYaml(match[1] ?? '');
  } catch (error) {
    return { ok: false, reason: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (frontMatter === null || typeof frontMatter !== 'object' || Array.isArray(frontMatter)) {
    return { ok: false, reason: 'front matter must be a YAML mapping' };
  }
  const parsed = personaFrontMatterSchema.safeParse(frontMatter);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(front matter)'}: ${issue.message}`).join('; ');
    return { ok: false, reason };
  }
  const systemPrompt = (match[2] ?? '').trim();
  if (systemPrompt.length === 0) return { ok: false, reason: 'the body (the system prompt) is empty' };
  const { role, tools, model, name, description } = parsed.data;
  const persona: Persona = {
    name,
    description,
    role,
    tools: tools ?? (role === 'developer' || role === 'tester' ? 'developer' : 'read-only'),
    systemPrompt,
    source,
    path,
  };
  if (model !== undefined) persona.model = model;
  return { ok: true, persona };
}
