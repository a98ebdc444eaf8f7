import { z } from "zod";
import type { PhoneNumberRecord, PhoneNumberStatusRecord } from "./phoneNumberRecord";

/**
 * Zod schemas for the Chatmaid phone-number API: the contract the records'
 * types (phoneNumberRecord.ts) are checked against below.
 * Tolerant where the real service varies (unknown fields stripped, any status
 * string, nullable names and timestamps), strict where a user depends on it
 * (`success`, `id`, `phoneNumber`, `connectionStatus`). This module is loaded
 * only when a response is validated (see lazySchemas.ts).
 */

// No transform here: zod compiles plain schemas into fast code, and the
// client fills missing values with null itself (see toRecord).
const nullableString = z.string().nullable().optional();

const statusShape = {
  /** The internal ID (24 hex characters), stable for the life of the number: the sender ID to wire into other resources. */
  id: z.string().min(1),
  /** The number in E.164 form, e.g. `+15551234567`. */
  phoneNumber: z.string().min(1),
  /**
   * `connected`, `disconnected`, `connecting`, `qr_pending`, `error`, or a
   * status Chatmaid adds later. Only `connected` counts as connected.
   */
  connectionStatus: z.string().min(1),
  /** ISO time of the last connection, or `null` if it never connected. */
  lastConnectedAt: nullableString,
  /** ISO time of the last disconnection, or `null` if it never disconnected. */
  lastDisconnectedAt: nullableString,
  /** ISO time of the last change, or `null` if the API did not say. */
  updatedAt: nullableString,
};

/**
 * Schema of a phone number object (list and get endpoints). Its fields are in
 * the records' order (RECORD_FIELDS), the order zod writes them in, so a
 * complete record needs no second copy (see toRecord).
 */
export const phoneNumberSchema = z.object({
  id: statusShape.id,
  phoneNumber: statusShape.phoneNumber,
  /** The name set in the dashboard, or `null` when none was set. */
  displayName: nullableString,
  connectionStatus: statusShape.connectionStatus,
  lastConnectedAt: statusShape.lastConnectedAt,
  lastDisconnectedAt: statusShape.lastDisconnectedAt,
  /** ISO time the number was registered, or `null` if the API did not say. */
  createdAt: nullableString,
  updatedAt: statusShape.updatedAt,
});

/** Every record of a list at once: the fast path when none is broken. */
export const recordListSchema = z.array(phoneNumberSchema);

/** Schema of the `/status` endpoint's data. */
export const phoneNumberStatusSchema = z.object(statusShape);

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
