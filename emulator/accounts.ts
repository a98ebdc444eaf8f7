/**
 * The emulator's fixed API keys, their accounts and scopes, and the
 * `Authorization` check. Key values are public test constants; any other key
 * is never echoed, logged or recorded.
 */
import type { EmulatorAccount } from "./types";

/** Scope the read endpoints require. */
export const READ_SCOPE = "phone_numbers:read";
/** Older spelling of {@link READ_SCOPE}, still accepted by the real service. */
export const LEGACY_READ_SCOPE = "phone-numbers:read";

/** The keys the emulator accepts (send as `Authorization: Bearer <key>`). */
export const EMULATOR_API_KEYS = {
  /** Test account, scope `phone_numbers:read`. */
  test: "sk_test_emulator",
  /** Test account, legacy scope `phone-numbers:read` (allowed). */
  testLegacyScope: "sk_test_emulator_legacy",
  /** Test account without a read scope: every read answers 403. */
  testNoScope: "sk_test_emulator_noscope",
  /** Live account, scope `phone_numbers:read`, with its own numbers. */
  live: "sk_live_emulator",
} as const;

/** What a known key grants. */
export interface EmulatorKey {
  /** Safe name for logs and recorded requests (the public key constant itself). */
  label: string;
  /** Account whose numbers the key sees. */
  account: EmulatorAccount;
  /** Scopes granted. */
  scopes: readonly string[];
}

const KEYS = new Map<string, EmulatorKey>([
  [EMULATOR_API_KEYS.test, { label: EMULATOR_API_KEYS.test, account: "test", scopes: [READ_SCOPE] }],
  [
    EMULATOR_API_KEYS.testLegacyScope,
    { label: EMULATOR_API_KEYS.testLegacyScope, account: "test", scopes: [LEGACY_READ_SCOPE] },
  ],
  [EMULATOR_API_KEYS.testNoScope, { label: EMULATOR_API_KEYS.testNoScope, account: "test", scopes: ["messages:send"] }],
  [EMULATOR_API_KEYS.live, { label: EMULATOR_API_KEYS.live, account: "live", scopes: [READ_SCOPE] }],
]);

/** Outcome of {@link authenticate}: the key, or the status and message to answer. */
export type AuthResult = { ok: true; key: EmulatorKey } | { ok: false; status: 401 | 403; message: string };

function bearerToken(authorization: string | undefined): string | undefined {
  // Scheme names are case-insensitive (RFC 9110); the token itself is not.
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  return match?.[1];
}

/** The known key in an `Authorization` header, if any. */
export function findKey(authorization: string | undefined): EmulatorKey | undefined {
  const token = bearerToken(authorization);
  return token === undefined ? undefined : KEYS.get(token);
}

/** Label to record for a request: the known key's name, otherwise `"unknown"` (never the value sent). */
export function keyLabelFor(authorization: string | undefined): string {
  return findKey(authorization)?.label ?? "unknown";
}

/** Checks the header for a known Bearer key with a read scope (either spelling). */
export function authenticate(authorization: string | undefined): AuthResult {
  if (authorization === undefined || authorization.trim() === "") {
    return { ok: false, status: 401, message: "Missing API key: send Authorization: Bearer <key>" };
  }
  if (bearerToken(authorization) === undefined) {
    return { ok: false, status: 401, message: "Invalid authorization scheme: expected Bearer" };
  }
  const key = findKey(authorization);
  if (key === undefined) return { ok: false, status: 401, message: "Invalid API key" };
  if (!key.scopes.includes(READ_SCOPE) && !key.scopes.includes(LEGACY_READ_SCOPE)) {
    return { ok: false, status: 403, message: `API key is missing the required scope: ${READ_SCOPE}` };
  }
  return { ok: true, key };
}
