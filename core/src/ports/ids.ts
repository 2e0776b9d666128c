import { customAlphabet } from 'nanoid';

/** Ids as a port: injectable so tests get stable ids. */
export interface IdGenerator {
  /** A new id with an optional prefix, e.g. `card_V1StGXR8`. */
  next(prefix?: string): string;
}

const alphabet = '0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const makeId = customAlphabet(alphabet, 12);

export const nanoIdGenerator: IdGenerator = {
  next: (prefix) => (prefix ? `${prefix}_${makeId()}` : makeId()),
};

/** Deterministic ids for tests: `card_1`, `card_2`, … */
export class SequentialIdGenerator implements IdGenerator {
  private counter = 0;
  next(prefix?: string): string {
    this.counter += 1;
    return prefix ? `${prefix}_${this.counter}` : String(this.counter);
  }
}
