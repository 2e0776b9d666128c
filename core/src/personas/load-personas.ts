import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { builtInPersonas } from './built-in-personas.js';
import { parsePersonaFile } from './parse-persona-file.js';
import type { Persona } from './persona.js';

/** A persona file that could not be used, with the reason; shown to the user, never fatal. */
export interface PersonaProblem {
  path: string;
  reason: string;
}

export interface LoadedPersonas {
  /** By name; repository personas override user ones, which override built-ins. */
  personas: Map<string, Persona>;
  problems: PersonaProblem[];
}

export interface LoadPersonasOptions {
  /** The repository's root: personas come from `<repository>/.kanbots/personas/*.md`. */
  repository?: string;
  /** The user's config directory: personas come from `<configDir>/personas/*.md`. */
  configDir?: string;
}

const maxPersonaFileBytes = 256 * 1024;

export async function loadPersonas(options: LoadPersonasOptions = {}): Promise<LoadedPersonas> {
  const personas = new Map<string, Persona>(builtInPersonas.map((persona) => [persona.name, persona]));
  const problems: PersonaProblem[] = [];
  const sources: [string | undefined, 'user' | 'repository'][] = [
    [options.configDir && join(options.configDir, 'personas'), 'user'],
    [options.repository && join(options.repository, '.kanbots', 'personas'), 'repository'],
  ];
  for (const [directory, source] of sources) {
    if (!directory) continue;
    for (const persona of await readPersonaDirectory(directory, source, problems)) personas.set(persona.name, persona);
  }
  return { personas, problems };
}

async function readPersonaDirectory(directory: string, source: 'user' | 'repository', problems: PersonaProblem[]): Promise<Persona[]> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') problems.push({ path: directory, reason: `cannot read directory: ${code ?? String(error)}` });
    return [];
  }
  const found: Persona[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const path = join(directory, name);
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      if (info.size > maxPersonaFileBytes) {
        problems.push({ path, reason: `file is larger than ${maxPersonaFileBytes / 1024} KiB` });
        continue;
      }
      const parsed = parsePersonaFile(await readFile(path, 'utf8'), source, path);
      if (!parsed.ok) {
        problems.push({ path, reason: parsed.reason });
        continue;
      }
      const earlier = seen.get(parsed.persona.name);
      if (earlier) {
        problems.push({ path, reason: `persona "${parsed.persona.name}" is already defined in ${earlier}` });
        continue;
      }
      seen.set(parsed.persona.name, path);
      found.push(parsed.persona);
    } catch (error) {
      problems.push({ path, reason: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  return found;
}
