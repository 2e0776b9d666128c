import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderStatechartDocs } from '../../src/statecharts/statechart-docs.js';
import { allMachineGraphs, machines } from '../../src/statecharts/machines.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'statecharts');

describe('generated statechart docs', () => {
  it('match the machine definitions (run `npm run docs:statecharts` when this fails)', async () => {
    const expected = renderStatechartDocs();
    for (const [name, content] of Object.entries(expected)) {
      expect(await readFile(join(docs, name), 'utf8').catch(() => `missing ${name}`), `docs/statecharts/${name} is stale`).toBe(content);
    }
    expect((await readdir(docs)).filter((name) => name.endsWith('.md')).sort()).toEqual(Object.keys(expected).sort());
  });

  it('list every machine, workflows included, with a graph for the UI', () => {
    const graphs = allMachineGraphs();
    expect(Object.keys(graphs)).toEqual(Object.keys(machines));
    expect(Object.keys(graphs)).toEqual(expect.arrayContaining(['board', 'agent', 'solo', 'dev-review']));
    const devReview = graphs['dev-review']!;
    const labels = devReview.transitions.map((transition) => `${transition.source.split('.').at(-1)} -${transition.label}-> ${transition.target.split('.').at(-1)}`);
    expect(labels).toEqual(expect.arrayContaining(['gate -MERGE-> merging', 'gate -FOLLOW_UP-> developing', 'gate -DISCARD-> discarding']));
  });
});
