import { z } from "zod";

// Types live in phoneNumberTypes.ts; this module is loaded only when a response is validated.

/**
 * Zod schemas for the Chatmaid phone-number API. Tolerant where the real
 * service varies (unknown fields stripped, any status string, nullable names
 * and timestamps), strict where a user depends on it (`success`, `id`,
 * `phoneNumber`, `connectionStatus`).
 */

// No transform here: zod compiles plain schemas into fast code, and the client
// fills missing values with null itself (see normalizeRecord).
const nullableString = z.string().nullable().optional();

const phoneNumberShape = {
  id: z.string().min(1),
  phoneNumber: z.string().min(1),
  connectionStatus: z.string().min(1),
  lastConnectedAt: nullableString,
  lastDisconnectedAt: nullableString,
  updatedAt: nullableString,
};

/** Schema of a phone number object (list and get endpoints). */
export const phoneNumberSchema = z.object({
  ...phoneNumberShape,
  displayName: nullableString,
  createdAt: nullableString,
});

/** Schema of the `/status` endpoint's data. */
export const phoneNumberStatusSchema = z.object(phoneNumberShape);

/** `{ success: true, data: [...] }` from the list endpoint. */
export const listEnvelopeSchema = z.object({ success: z.literal(true), data: z.array(phoneNumberSchema) });
/** `{ success: true, data: {...} }` from the get endpoint. */
export const getEnvelopeSchema = z.object({ success: z.literal(true), data: phoneNumberSchema });
/** `{ success: true, data: {...} }` from the status endpoint. */
export const statusEnvelopeSchema = z.object({ success: z.literal(true), data: phoneNumberStatusSchema });

/** The NestJS-style error envelope; every field optional since proxies answer too. */
export const errorEnvelopeSchema = z.object({
  error: z.string().optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
  statusCode: z.number().optional(),
  retryAfter: z.number().nonnegative().optional(),
});

/** A parsed error envelope. */
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
