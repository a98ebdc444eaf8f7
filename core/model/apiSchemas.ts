import { z } from "zod";
import {
  FIELDS,
  RECORD_FIELDS,
  STATUS_FIELDS,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
  type RecordField,
} from "./phoneNumberRecord";

/**
 * Zod schemas for the Chatmaid phone-number API, built from the record's
 * definition (phoneNumberRecord.ts) and checked against its types below.
 * Tolerant where the real service varies (unknown fields stripped, any status
 * string, nullable names and timestamps), strict where a user depends on it
 * (`success`, `id`, `phoneNumber`, `connectionStatus`). This module is loaded
 * only when a response is validated (see lazySchemas.ts).
 */

// No transform here: zod compiles plain schemas into fast code, and the
// client fills missing values with null itself (see toRecord).
const nullableString = z.string().nullable().optional();
const requiredString = z.string().min(1);

/** The zod schema of each field, from its traits in the record's definition. */
function shapeOf<F extends RecordField>(fields: readonly F[]) {
  const shape = {} as {
    [K in F]: (typeof FIELDS)[K]["nullable"] extends true ? typeof nullableString : typeof requiredString;
  };
  for (const field of fields) {
    (shape as Record<string, z.ZodType>)[field] = FIELDS[field].nullable ? nullableString : requiredString;
  }
  return shape;
}

/**
 * Schema of a phone number object (list and get endpoints). Its fields are in
 * the records' order (RECORD_FIELDS), the order zod writes them in, so a
 * complete record needs no second copy (see toRecord).
 */
export const phoneNumberSchema = z.object(shapeOf(RECORD_FIELDS));

/** Every record of a list at once: the fast path when none is broken. */
export const recordListSchema = z.array(phoneNumberSchema);

/** Schema of the `/status` endpoint's data. */
export const phoneNumberStatusSchema = z.object(shapeOf(STATUS_FIELDS));

/**
 * `{ success: true, data: [...] }` from the list endpoint. The records are
 * checked one by one afterwards, so one bad record does not hide the others.
 */
export const listEnvelopeSchema = z.object({ success: z.literal(true), data: z.array(z.unknown()) });
/** `{ success: true, data: {...} }` from the get endpoint. */
export const getEnvelopeSchema = z.object({ success: z.literal(true), data: phoneNumberSchema });
/** `{ success: true, data: {...} }` from the status endpoint. */
export const statusEnvelopeSchema = z.object({ success: z.literal(true), data: phoneNumberStatusSchema });

// The record types are written out in phoneNumberRecord.ts (so no public
// declaration mentions zod); these lines make sure they say what the schemas
// validate, field for field: a change to either without the other fails to compile.
type Filled<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const recordMatches: Same<
  Filled<z.output<typeof phoneNumberSchema>>,
  Omit<PhoneNumberRecord, "connectionStatus"> & { readonly connectionStatus: string }
> = true;
const statusMatches: Same<
  Filled<z.output<typeof phoneNumberStatusSchema>>,
  Omit<PhoneNumberStatusRecord, "connectionStatus"> & { readonly connectionStatus: string }
> = true;
void recordMatches;
void statusMatches;

/**
 * A read kept in a shared store (see store/): when it was fetched (ms since
 * the epoch) and what was fetched. What comes back is checked again with the
 * record schemas above; an entry that fails is ignored.
 */
export const storedReadSchema = z.object({ at: z.number().finite().nonnegative(), value: z.unknown() });

/** The NestJS-style error envelope; every field optional since proxies answer too. */
export const errorEnvelopeSchema = z.object({
  success: z.boolean().optional(),
  error: z.string().optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
  statusCode: z.number().optional(),
  path: z.string().optional(),
  retryAfter: z.number().nonnegative().optional(),
});

/** A parsed error envelope. */
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
