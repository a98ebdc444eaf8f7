/**
 * The shapes of Chatmaid's phone-number objects, as plain types. Kept apart
 * from the zod schemas so importing the package does not load zod until a
 * response needs validating.
 */

/** Statuses documented or seen in the official SDK; any other string is kept as-is. */
export const KNOWN_CONNECTION_STATUSES = ["connected", "disconnected", "connecting", "qr_pending", "error"] as const;

/**
 * A WhatsApp connection status. Only `connected` counts as connected; future
 * statuses arrive as other strings and are treated as not connected.
 */
export type ConnectionStatus = (typeof KNOWN_CONNECTION_STATUSES)[number] | (string & {});

/** A phone number as Chatmaid reports it. */
export interface PhoneNumberRecord {
  /** The internal ID (24 hex characters), stable for the life of the number: the sender ID to wire into other resources. */
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
