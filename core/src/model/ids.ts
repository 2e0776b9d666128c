import { z } from 'zod';
import { limits } from './limits.js';

/** Ids and timestamps of the board's records (cards, columns, projects). */
export const idSchema = z.string().min(1).max(limits.boardIdLength).regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, _ and -');
export const timestampSchema = z.number().int().nonnegative();
