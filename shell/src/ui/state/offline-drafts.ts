import { boardCommandSchema, type BoardCommand } from '@kanbots/core/model';
import { z } from 'zod';
import { readStored, writeStored } from './persistent-storage.js';

/**
 * Cards typed and edits saved while the host could not be reached: kept in IndexedDB (idb-keyval)
 * so a reload does not lose them either, and sent in order once the host answers again. Only
 * commands that were never sent are kept (a command lost mid-flight may already have been applied,
 * and sending a new card twice would make two); an edit of a field is safe to send again.
 */
export interface OfflineDraft {
  command: BoardCommand;
  /** The id the board shows for a card it creates until the host gives it its own. */
  temporaryId: string;
}

export interface OfflineDrafts {
  load(): Promise<OfflineDraft[]>;
  save(drafts: readonly OfflineDraft[]): Promise<void>;
}

const draftSchema = z.object({ command: z.unknown(), temporaryId: z.string().regex(/^pending-\d+$/) });

const DRAFTS_KEY = 'kanbots.offlineDrafts.v1';

/** Commands worth keeping while offline: a new card, and a card's edited fields. */
export function keptWhileOffline(command: BoardCommand, errorCode: string | undefined): boolean {
  if (command.type === 'card.create') return errorCode === 'offline';
  if (command.type === 'card.update') return errorCode === 'offline' || errorCode === 'connection_lost';
  return false;
}

export function createOfflineDrafts(key = DRAFTS_KEY): OfflineDrafts {
  return {
    async load() {
      const parsed = z.array(z.unknown()).safeParse(await readStored(key));
      if (!parsed.success) return [];
      // A draft this version cannot read is dropped, never sent half-understood.
      return parsed.data.flatMap((raw) => {
        const draft = draftSchema.safeParse(raw);
        const command = draft.success ? boardCommandSchema.safeParse(draft.data.command) : undefined;
        return draft.success && command?.success ? [{ command: command.data, temporaryId: draft.data.temporaryId }] : [];
      });
    },
    save: (drafts) => writeStored(key, drafts.map((draft) => ({ command: draft.command, temporaryId: draft.temporaryId }))),
  };
}
