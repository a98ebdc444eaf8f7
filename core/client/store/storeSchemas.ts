/**
 * What the stores keep on disk or in Redis, as zod schemas: anything read
 * back is checked against them, and what fails is ignored (treated as
 * absent), never trusted.
 */
import { z } from "zod";

/** A key's budget in the machine store: recent starts, a pause, and who is fetching what. */
export const budgetFileSchema = z.object({
  /** Start times (ms since the epoch), oldest first. */
  starts: z.array(z.number().finite()),
  /** No request starts before this time (ms since the epoch). */
  pausedUntil: z.number().finite(),
  /** Fetch claims by entry name: when each lapses (ms since the epoch). */
  claims: z.record(z.string(), z.number().finite()),
});

/** A key's budget in the machine store. */
export type BudgetFile = z.infer<typeof budgetFileSchema>;

/** A stored entry in the machine store, with its expiry. */
export const entryFileSchema = z.object({
  /** When the entry lapses (ms since the epoch). */
  until: z.number().finite(),
  value: z.unknown(),
});
