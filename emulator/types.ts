/**
 * Shapes shared by the emulator's modules: accounts, phone numbers, data sets
 * and the request journal.
 */

/** A Chatmaid account. API keys starting `sk_test_` see `test`, `sk_live_` see `live`. */
export type EmulatorAccount = "test" | "live";

/** Every account the emulator keeps, in lookup order. */
export const EMULATOR_ACCOUNTS: readonly EmulatorAccount[] = ["test", "live"];

/**
 * A WhatsApp connection state. The docs list the first three, the official SDK
 * adds `qr_pending` and `error`; any other string is allowed on purpose so
 * clients can be tested against statuses they do not know.
 */
export type ConnectionStatus =
  | "connected"
  | "disconnected"
  | "connecting"
  | "qr_pending"
  | "error"
  // `string & {}` keeps editor completion for the known values while allowing any string.
  | (string & {});

/**
 * A phone number as the emulator stores it and `GET /v1/phone-numbers` returns it.
 * (A type alias, not an interface, so it is assignable to {@link PhoneNumberInput}.)
 */
export type EmulatorPhoneNumber = {
  /** Internal id: 24 lowercase hex characters. */
  id: string;
  /** The number in E.164 form, e.g. `+15551234567`. */
  phoneNumber: string;
  /** Label chosen in the dashboard; `null` when none was set. */
  displayName: string | null;
  /** Current WhatsApp connection state. */
  connectionStatus: ConnectionStatus;
  /** ISO time of the last successful connection, `null` if it never connected. */
  lastConnectedAt: string | null;
  /** ISO time of the last disconnection, `null` if it never disconnected. */
  lastDisconnectedAt: string | null;
  /** ISO time the number was registered. */
  createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
  /** Extra field the real service sends; clients must ignore it. Always equals the owning account. */
  environment: EmulatorAccount;
};

/**
 * A phone number as given in a data file or to `setNumbers`/`addNumber`.
 * Optional fields get defaults; unknown extra fields are kept and served as-is,
 * so clients can be tested for ignoring them.
 */
export interface PhoneNumberInput {
  /** Internal id: 24 hex characters (stored lowercased). */
  id: string;
  /** E.164 number, e.g. `+15551234567`. */
  phoneNumber: string;
  /** Label; omitted means `null`. */
  displayName?: string | null;
  /** Any non-empty status string. */
  connectionStatus: ConnectionStatus;
  /** ISO timestamp or `null`; omitted means `null`. */
  lastConnectedAt?: string | null;
  /** ISO timestamp or `null`; omitted means `null`. */
  lastDisconnectedAt?: string | null;
  /** ISO timestamp; omitted means the time the data was loaded. */
  createdAt?: string;
  /** ISO timestamp; omitted means `createdAt`. */
  updatedAt?: string;
  /** Must match the account the entry is listed under when present. */
  environment?: EmulatorAccount;
  /** Unknown fields are kept and served. */
  [extraField: string]: unknown;
}

/**
 * The numbers of both accounts. An omitted account is empty: a data set
 * replaces the built-in sample data entirely, it is never merged with it.
 */
export interface EmulatorData {
  /** Numbers seen by `sk_test_*` keys. */
  test?: readonly PhoneNumberInput[];
  /** Numbers seen by `sk_live_*` keys. */
  live?: readonly PhoneNumberInput[];
}

/** One API request as the emulator recorded it. Never contains an API key. */
export interface RecordedRequest {
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** Request path as sent, without the query string (kept out in case it carries secrets). */
  path: string;
  /** Status code answered; `0` when a `hang` fault answered nothing. */
  status: number;
  /** Name of a known emulator key (e.g. `sk_test_emulator`), otherwise `"unknown"`. */
  keyLabel: string;
  /** ISO time the request arrived. */
  at: string;
  /** The `x-request-id` sent back. */
  requestId: string;
  /** The client's `User-Agent` (first 200 characters), when it sent one: which build of a client made the request. */
  userAgent?: string;
  /** Kind of the injected fault that answered, if one did. */
  fault?: string;
}
