/**
 * Built-in data served when no data set is given, plus a generator for large
 * accounts (benchmarks).
 */
import type { ConnectionStatus, EmulatorAccount, EmulatorPhoneNumber } from "./types";

function deepFreeze<T extends object>(items: T[]): readonly Readonly<T>[] {
  return Object.freeze(items.map((item) => Object.freeze(item)));
}

/**
 * Numbers of the test account (`sk_test_emulator*` keys). One per interesting
 * state; the first is the seed's documented example. Frozen: the emulator works
 * on copies, so tests can compare against these.
 */
export const SAMPLE_TEST_NUMBERS: readonly Readonly<EmulatorPhoneNumber>[] = deepFreeze([
  {
    id: "507f1f77bcf86cd799439011",
    phoneNumber: "+15551234567",
    displayName: "Primary Sender",
    connectionStatus: "connected",
    lastConnectedAt: "2026-02-06T14:10:00.000Z",
    lastDisconnectedAt: null,
    createdAt: "2026-02-01T10:20:00.000Z",
    updatedAt: "2026-02-06T14:10:00.000Z",
    environment: "test",
  },
  {
    id: "65c1a2b3c4d5e6f708192a3b",
    phoneNumber: "+15552345678",
    displayName: "Support Line",
    connectionStatus: "disconnected",
    lastConnectedAt: "2026-02-03T09:00:00.000Z",
    lastDisconnectedAt: "2026-02-05T18:45:12.000Z",
    createdAt: "2026-01-20T08:00:00.000Z",
    updatedAt: "2026-02-05T18:45:12.000Z",
    environment: "test",
  },
  {
    id: "65c1a2b3c4d5e6f708192a3c",
    phoneNumber: "+15553456789",
    displayName: "Onboarding Bot",
    connectionStatus: "connecting",
    lastConnectedAt: null,
    lastDisconnectedAt: null,
    createdAt: "2026-02-06T13:55:00.000Z",
    updatedAt: "2026-02-06T14:00:00.000Z",
    environment: "test",
  },
  {
    id: "65c1a2b3c4d5e6f708192a3d",
    phoneNumber: "+15554567890",
    displayName: "Marketing",
    connectionStatus: "qr_pending",
    lastConnectedAt: null,
    lastDisconnectedAt: null,
    createdAt: "2026-02-06T12:00:00.000Z",
    updatedAt: "2026-02-06T12:00:00.000Z",
    environment: "test",
  },
  {
    id: "65c1a2b3c4d5e6f708192a3e",
    phoneNumber: "+15555678901",
    displayName: null,
    connectionStatus: "connected",
    lastConnectedAt: "2026-02-04T07:30:00.000Z",
    lastDisconnectedAt: "2026-02-04T07:10:00.000Z",
    createdAt: "2026-01-15T16:40:00.000Z",
    updatedAt: "2026-02-04T07:30:00.000Z",
    environment: "test",
  },
  {
    id: "65c1a2b3c4d5e6f708192a3f",
    phoneNumber: "+15556789012",
    displayName: "Billing Alerts",
    connectionStatus: "error",
    lastConnectedAt: "2026-02-02T11:00:00.000Z",
    lastDisconnectedAt: "2026-02-06T02:17:44.000Z",
    createdAt: "2026-01-10T10:00:00.000Z",
    updatedAt: "2026-02-06T02:17:44.000Z",
    environment: "test",
  },
]);

/** Numbers of the live account (`sk_live_emulator`): separate ids and numbers from the test account. */
export const SAMPLE_LIVE_NUMBERS: readonly Readonly<EmulatorPhoneNumber>[] = deepFreeze([
  {
    id: "66a0f0e1d2c3b4a596877869",
    phoneNumber: "+15557654321",
    displayName: "Live Primary",
    connectionStatus: "connected",
    lastConnectedAt: "2026-02-06T08:00:00.000Z",
    lastDisconnectedAt: "2026-02-05T23:59:00.000Z",
    createdAt: "2025-12-01T09:00:00.000Z",
    updatedAt: "2026-02-06T08:00:00.000Z",
    environment: "live",
  },
  {
    id: "66a0f0e1d2c3b4a59687786a",
    phoneNumber: "+15557654322",
    displayName: "Live Backup",
    connectionStatus: "disconnected",
    lastConnectedAt: "2026-01-30T12:00:00.000Z",
    lastDisconnectedAt: "2026-02-01T12:00:00.000Z",
    createdAt: "2025-12-01T09:05:00.000Z",
    updatedAt: "2026-02-01T12:00:00.000Z",
    environment: "live",
  },
]);

/** Options for {@link generatePhoneNumbers}. */
export interface GeneratePhoneNumbersOptions {
  /** Account the numbers belong to (sets `environment` and the number range). Default `"test"`. */
  account?: EmulatorAccount;
  /** Status of every generated number. Default `"connected"`. */
  connectionStatus?: ConnectionStatus;
}

/**
 * Builds `count` valid, distinct numbers with deterministic ids
 * (`c0ffee` + hex index) and E.164 numbers from `+15552000000` (test) or
 * `+15553000000` (live), so they never clash with the samples.
 * For loading big accounts, e.g. `emulator.setNumbers("test", generatePhoneNumbers(10_000))`.
 */
export function generatePhoneNumbers(count: number, options: GeneratePhoneNumbersOptions = {}): EmulatorPhoneNumber[] {
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) {
    throw new RangeError(`count must be an integer from 0 to 1000000, got ${count}`);
  }
  const account = options.account ?? "test";
  const status = options.connectionStatus ?? "connected";
  const base = account === "test" ? 2_000_000 : 3_000_000;
  const connected = status === "connected";
  return Array.from({ length: count }, (_, index) => ({
    id: `c0ffee${account === "test" ? "0" : "1"}${index.toString(16).padStart(17, "0")}`,
    phoneNumber: `+1555${base + index}`,
    displayName: `Sender ${index + 1}`,
    connectionStatus: status,
    lastConnectedAt: connected ? "2026-02-06T14:10:00.000Z" : null,
    lastDisconnectedAt: null,
    createdAt: "2026-02-01T10:20:00.000Z",
    updatedAt: "2026-02-06T14:10:00.000Z",
    environment: account,
  }));
}
