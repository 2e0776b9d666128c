import type { Card } from '@kanbots/core/model';
import { RUN_STATUS_LABELS } from '../runs/run-status.js';
import type { AppState } from '../state/app-state.js';
import { cardMatches } from '../state/card-filter.js';

/** The cards each column shows under the board's filter (all of them when no filter is typed). */
export function visibleCardsByColumn(app: Pick<AppState, 'board' | 'filter' | 'runs'>): ReadonlyMap<string, readonly Card[]> {
  const all = app.board.cardsByColumn();
  if (!app.filter.active()) return all;
  const query = app.filter.query();
  const projects = new Map((app.board.board()?.projects ?? []).map((project) => [project.id, project]));
  const visible = new Map<string, readonly Card[]>();
  for (const [columnId, cards] of all) {
    visible.set(
      columnId,
      cards.filter((card) => {
        const run = app.runs.runOfCard(card.id);
        const project = card.projectId === undefined ? undefined : projects.get(card.projectId);
        return cardMatches(card, query, run ? { status: run.status, statusLabel: RUN_STATUS_LABELS[run.status] } : undefined, project);
      }),
    );
  }
  return visible;
}
