/**
 * Shapes shared by the emulator's modules: accounts, phone numbers, data sets
 * and the request journal.
 */
import type { ConnectionStatus, PhoneNumberRecord } from "../core/model/phoneNumberRecord";

/** A Chatmaid account. API keys starting `sk_test_` see `test`, `sk_live_` see `live`. */
export type EmulatorAccount = "test" | "live";

/** Every account the emulator keeps, in lookup order. */
export const EMULATOR_ACCOUNTS: readonly EmulatorAccount[] = ["test", "live"];

export type { ConnectionStatus };

/**
 * A phone number as the emulator stores it and `GET /v1/phone-numbers` returns
 * it: the record as the client defines it (core/model/phoneNumberRecord.ts),
 * with the timestamps the emulator always sets, and the extra `environment`
 * field the real service sends (clients must ignore it; it always equals the
 * owning account). A type alias, not an interface, so it is assignable to
 * {@link PhoneNumberInput}.
 */
export type EmulatorPhoneNumber = { -readonly [K in keyof PhoneNumberRecord]: PhoneNumberRecord[K] } & {
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
