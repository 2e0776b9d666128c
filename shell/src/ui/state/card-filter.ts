import type { Card, Project } from '@kanbots/core/model';
import type { RunStatus } from '@kanbots/core/protocol';
import { createMemo, createSignal, type Accessor } from 'solid-js';

/**
 * The board's filter, typed in the header: words match a card's title, description and labels;
 * `label:bug` keeps cards with that label, `status:failed` (or `is:failed`) cards whose run is in
 * that state (the words of the status pill work too: `status:"needs you"`), `project:shop` (or
 * `repo:shop`) cards of the project named so, or whose repository's folder is named so.
 * Everything is case-insensitive and must all match.
 */
export interface CardQuery {
  words: string[];
  labels: string[];
  statuses: string[];
  repositories: string[];
}

const tokenPattern = /(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g;

export function parseCardQuery(text: string): CardQuery {
  const query: CardQuery = { words: [], labels: [], statuses: [], repositories: [] };
  for (const match of text.toLowerCase().matchAll(tokenPattern)) {
    const key = match[1] ?? match[3];
    const value = (match[2] ?? match[4] ?? match[5] ?? match[6] ?? '').trim();
    if (!value) continue;
    if (key === 'label') query.labels.push(value);
    else if (key === 'status' || key === 'is') query.statuses.push(value.replace(/[\s_-]+/g, ' '));
    else if (key === 'repo' || key === 'project') query.repositories.push(value);
    else query.words.push(key === undefined ? value : `${key}:${value}`);
  }
  return query;
}

export function isEmptyQuery(query: CardQuery): boolean {
  return query.words.length + query.labels.length + query.statuses.length + query.repositories.length === 0;
}

function folderName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
}

/** Whether a card passes the query; `status` is its newest run's status and `statusLabel` how the pill reads it; `project` the card's project. */
export function cardMatches(card: Card, query: CardQuery, run?: { status: RunStatus; statusLabel: string }, project?: Pick<Project, 'name' | 'repository'>): boolean {
  const labels = card.labels.map((label) => label.toLowerCase());
  const text = `${card.title}\n${card.description}\n${labels.join(' ')}`.toLowerCase();
  if (!query.words.every((word) => text.includes(word))) return false;
  if (!query.labels.every((label) => labels.includes(label))) return false;
  if (query.statuses.length > 0) {
    if (!run) return false;
    const names = [run.status.replace(/_/g, ' '), run.statusLabel.toLowerCase()];
    if (!query.statuses.every((status) => names.includes(status))) return false;
  }
  if (query.repositories.length > 0) {
    const names = project !== undefined ? [project.name.toLowerCase(), folderName(project.repository)] : card.target ? [folderName(card.target.repository)] : [];
    if (!query.repositories.every((repository) => names.includes(repository))) return false;
  }
  return true;
}

/** The one project the query names (`project:shop`), if it names exactly one of them. */
export function projectOfQuery(query: CardQuery, projects: readonly Project[]): Project | undefined {
  if (query.repositories.length !== 1) return undefined;
  const wanted = query.repositories[0]!;
  const matching = projects.filter((project) => project.name.toLowerCase() === wanted || folderName(project.repository) === wanted);
  return matching.length === 1 ? matching[0] : undefined;
}

/** The filter text with its project part replaced: `project:"Shop front"`, or none for every project. */
export function withProjectFilter(text: string, projectName: string | undefined): string {
  const rest = text.replace(/(?:^|\s)(?:project|repo):(?:"[^"]*"|\S+)/gi, '').trim();
  if (projectName === undefined) return rest;
  const token = /\s/.test(projectName) ? `project:"${projectName}"` : `project:${projectName}`;
  return rest === '' ? token : `${rest} ${token}`;
}

export interface CardFilter {
  text: Accessor<string>;
  setText(text: string): void;
  query: Accessor<CardQuery>;
  active: Accessor<boolean>;
}

export function createCardFilter(): CardFilter {
  const [text, setText] = createSignal('');
  const query = createMemo(() => parseCardQuery(text()));
  const active = createMemo(() => !isEmptyQuery(query()));
  return { text, setText, query, active };
}
