import { ConflictError, NotFoundError } from '../errors.js';
import type { Board, Card } from '../model/board.js';
import type { BoardCommand } from '../model/board-commands.js';
import { repositoryFolderName, sameRepository, type Project } from '../model/project.js';
import type { IdGenerator } from '../ports/ids.js';
import { CardPlacementDraft } from './card-placement.js';

/**
 * The board's rules for projects (pure, part of `applyBoardCommand`): one project per repository
 * folder, names given or taken from the folder, a project that cards belong to is removed only when
 * asked to detach them. Whether the folder really is a git repository with that branch is checked
 * by the host before the command reaches the board (core/src/projects/project-checks.ts).
 */

export interface ProjectOutcome {
  projects: Project[];
  draft?: CardPlacementDraft;
  createdId?: string;
}

type ProjectCommand = Extract<BoardCommand, { type: 'project.add' | 'project.update' | 'project.remove' }>;

export function decideProjectCommand(board: Board, command: ProjectCommand, now: number, ids: IdGenerator): ProjectOutcome {
  switch (command.type) {
    case 'project.add': {
      const existing = board.projects.find((project) => sameRepository(project.repository, command.repository));
      if (existing !== undefined) {
        throw new ConflictError(`${command.repository} is already the project "${existing.name}"`, { details: { projectId: existing.id, repository: command.repository } });
      }
      const project: Project = {
        id: ids.next('project'),
        name: command.name ?? repositoryFolderName(command.repository),
        repository: command.repository,
        baseBranch: command.baseBranch,
        agents: { models: { ...command.agents?.models }, personas: { ...command.agents?.personas } },
        createdAt: now,
        updatedAt: now,
      };
      return { projects: [...board.projects, project], createdId: project.id };
    }
    case 'project.update': {
      const project = requireProject(board, command.projectId);
      const { name, baseBranch, agents } = command.patch;
      const next: Project = {
        ...project,
        ...(name === undefined ? {} : { name }),
        ...(baseBranch === undefined ? {} : { baseBranch }),
        ...(agents === undefined ? {} : { agents: { models: { ...agents.models }, personas: { ...agents.personas } } }),
        updatedAt: now,
      };
      return { projects: board.projects.map((item) => (item === project ? next : item)) };
    }
    case 'project.remove': {
      const project = requireProject(board, command.projectId);
      const members = board.cards.filter((card) => card.projectId === project.id);
      if (members.length > 0 && command.detachCards !== true) {
        const count = members.length === 1 ? '1 card belongs' : `${members.length} cards belong`;
        throw new ConflictError(`${count} to the project "${project.name}": say detachCards to keep them without a project`, { details: { projectId: project.id, cardCount: members.length } });
      }
      const draft = new CardPlacementDraft(board);
      for (const card of members) draft.replace(withoutProject(card, now));
      return { projects: board.projects.filter((item) => item !== project), draft };
    }
  }
}

/** The project a new or updated card names must exist. */
export function requireProject(board: Board, projectId: string): Project {
  const project = board.projects.find((item) => item.id === projectId);
  if (project === undefined) throw new NotFoundError('project', projectId);
  return project;
}

function withoutProject(card: Card, now: number): Card {
  const { projectId: _projectId, ...rest } = card;
  return { ...rest, updatedAt: now };
}
