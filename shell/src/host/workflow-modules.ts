import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError, defineWorkflow, type WorkflowDefinition } from '@kanbots/core';

/**
 * `--workflows <module>`: modules that export workflow definitions (`defineWorkflow` from
 * `@kanbots/core/workflows`) as `workflows` (a list), or as their default export (a list or one
 * definition). Each is checked like any registration; a module that cannot be loaded or exports
 * none is a ConfigurationError naming it, and nothing is started.
 */
export async function loadWorkflowModules(paths: readonly string[], cwd = process.cwd()): Promise<WorkflowDefinition[]> {
  const definitions: WorkflowDefinition[] = [];
  for (const path of paths) {
    const location = resolve(cwd, path);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(location).href)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigurationError(`--workflows ${path}: the module could not be loaded (${error instanceof Error ? error.message : String(error)})`, { cause: error, details: { module: location } });
    }
    const exported = module['workflows'] ?? module['default'];
    const list = Array.isArray(exported) ? exported : exported === undefined ? [] : [exported];
    if (list.length === 0) throw new ConfigurationError(`--workflows ${path}: the module exports no workflows (export const workflows = [defineWorkflow({ … })])`, { details: { module: location } });
    for (const item of list) definitions.push(defineWorkflow(item as WorkflowDefinition));
  }
  return definitions;
}
