/**
 * Validation of phone number entries (data files, `setNumbers`, `addNumber`,
 * the control routes). Errors name the exact entry and field, because a data
 * file typo should be fixable from the message alone.
 */
import type { EmulatorAccount, EmulatorPhoneNumber } from "./types";

/** Thrown when emulator data (a data file, `options.data`, a number) is invalid. The message names the source and entry. */
export class EmulatorDataError extends Error {
  /** Always `"EmulatorDataError"`. */
  override readonly name = "EmulatorDataError";
}

const ID_PATTERN = /^[0-9a-fA-F]{24}$/;
const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO 8601 date-time with a zone, e.g. `2026-02-06T14:10:00.000Z`. */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === "string" && ISO_PATTERN.test(value) && !Number.isNaN(Date.parse(value));
}

/** True for an E.164 number such as `+15551234567`. */
export function isE164(value: unknown): value is string {
  return typeof value === "string" && E164_PATTERN.test(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function optionalTimestamp(entry: Record<string, unknown>, field: string, where: string): string | null {
  const value = entry[field];
  if (value === undefined || value === null) return null;
  if (!isIsoTimestamp(value)) {
    throw new EmulatorDataError(
      `${where}.${field} must be an ISO timestamp like "2026-02-06T14:10:00.000Z" or null (got ${show(value)})`,
    );
  }
  return value;
}

/**
 * Checks one entry and fills defaults. `where` locates it in messages
 * (e.g. `test[2]`); `now` is the default `createdAt`. Unknown fields are kept.
 * @throws EmulatorDataError naming `where` and the bad field.
 */
export function normalizePhoneNumber(
  value: unknown,
  account: EmulatorAccount,
  where: string,
  now: string,
): EmulatorPhoneNumber {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EmulatorDataError(`${where} must be an object (got ${show(value)})`);
  }
  const entry = value as Record<string, unknown>;
  if (typeof entry.id !== "string" || !ID_PATTERN.test(entry.id)) {
    throw new EmulatorDataError(
      `${where}.id must be 24 hex characters like "507f1f77bcf86cd799439011" (got ${show(entry.id)})`,
    );
  }
  if (!isE164(entry.phoneNumber)) {
    throw new EmulatorDataError(
      `${where}.phoneNumber must be an E.164 number like "+15551234567" (got ${show(entry.phoneNumber)})`,
    );
  }
  const displayName = entry.displayName ?? null;
  if (displayName !== null && typeof displayName !== "string") {
    throw new EmulatorDataError(`${where}.displayName must be a string or null (got ${show(displayName)})`);
  }
  if (typeof entry.connectionStatus !== "string" || entry.connectionStatus.trim() === "") {
    throw new EmulatorDataError(
      `${where}.connectionStatus must be a non-empty string such as "connected" (got ${show(entry.connectionStatus)})`,
    );
  }
  if (entry.environment !== undefined && entry.environment !== account) {
    throw new EmulatorDataError(
      `${where}.environment must be "${account}" (the account it is listed under) or omitted (got ${show(entry.environment)})`,
    );
  }
  const createdAt = entry.createdAt === undefined ? now : optionalTimestamp(entry, "createdAt", where);
  if (createdAt === null) throw new EmulatorDataError(`${where}.createdAt must be an ISO timestamp (got null)`);
  const updatedAt = entry.updatedAt === undefined ? createdAt : optionalTimestamp(entry, "updatedAt", where);
  if (updatedAt === null) throw new EmulatorDataError(`${where}.updatedAt must be an ISO timestamp (got null)`);
  return {
    ...entry,
    id: entry.id.toLowerCase(),
    phoneNumber: entry.phoneNumber,
    displayName,
    connectionStatus: entry.connectionStatus,
    lastConnectedAt: optionalTimestamp(entry, "lastConnectedAt", where),
    lastDisconnectedAt: optionalTimestamp(entry, "lastDisconnectedAt", where),
    createdAt,
    updatedAt,
    environment: account,
  };
}

/**
 * Validates a whole account's list, including duplicate ids and numbers.
 * @throws EmulatorDataError naming the first bad entry.
 */
export function normalizeAccountNumbers(value: unknown, account: EmulatorAccount, now: string): EmulatorPhoneNumber[] {
  if (!Array.isArray(value)) {
    throw new EmulatorDataError(`"${account}" must be an array of phone numbers (got ${show(value)})`);
  }
  const ids = new Set<string>();
  const numbers = new Set<string>();
  return value.map((item, index) => {
    const where = `${account}[${index}]`;
    const entry = normalizePhoneNumber(item, account, where, now);
    if (ids.has(entry.id)) throw new EmulatorDataError(`${where}.id ${show(entry.id)} is used twice in "${account}"`);
    if (numbers.has(entry.phoneNumber)) {
      throw new EmulatorDataError(`${where}.phoneNumber ${show(entry.phoneNumber)} is used twice in "${account}"`);
    }
    ids.add(entry.id);
    numbers.add(entry.phoneNumber);
    return entry;
  });
}
