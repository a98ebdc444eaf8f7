import { z } from "zod";

/**
 * Zod schemas for the Chatmaid phone-number API. Tolerant where the real
 * service varies (unknown fields stripped, any status string, nullable names
 * and timestamps), strict where a user depends on it (`success`, `id`,
 * `phoneNumber`, `connectionStatus`).
 */

/** Statuses documented or seen in the official SDK; any other string is kept as-is. */
export const KNOWN_CONNECTION_STATUSES = ["connected", "disconnected", "connecting", "qr_pending", "error"] as const;

/**
 * A WhatsApp connection status. Only `connected` counts as connected; future
 * statuses arrive as other strings and are treated as not connected.
 */
export type ConnectionStatus = (typeof KNOWN_CONNECTION_STATUSES)[number] | (string & {});

const nullableString = z.string().nullable().optional().transform((v) => v ?? null);

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

/** A phone number as Chatmaid reports it. */
export interface PhoneNumberRecord {
  /** The internal ID (24 hex characters), stable for the life of the number. */
  readonly id: string;
  /** The number in E.164 form, e.g. `+15551234567`. */
  readonly phoneNumber: string;
  /** The name set in the dashboard, or `null` when none was set. */
  readonly displayName: string | null;
  /** `connected`, `disconnected`, `connecting`, `qr_pending`, `error`, or a future status. */
  readonly connectionStatus: ConnectionStatus;
  /** ISO time of the last connection, or `null` if never connected. */
  readonly lastConnectedAt: string | null;
  /** ISO time of the last disconnection, or `null` if never disconnected. */
  readonly lastDisconnectedAt: string | null;
  /** ISO time the number was registered, or `null` if the API did not say. */
  readonly createdAt: string | null;
  /** ISO time of the last change, or `null` if the API did not say. */
  readonly updatedAt: string | null;
}

/** The up-to-date connection state from `GET /v1/phone-numbers/:id/status`. */
export interface PhoneNumberStatusRecord {
  /** The internal ID. */
  readonly id: string;
  /** The number in E.164 form. */
  readonly phoneNumber: string;
  /** The current connection status. */
  readonly connectionStatus: ConnectionStatus;
  /** ISO time of the last connection, or `null`. */
  readonly lastConnectedAt: string | null;
  /** ISO time of the last disconnection, or `null`. */
  readonly lastDisconnectedAt: string | null;
  /** ISO time of the last change, or `null`. */
  readonly updatedAt: string | null;
}

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
