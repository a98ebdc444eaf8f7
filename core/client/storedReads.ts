/**
 * How the reader's cached reads are kept in a shared store, and checked when
 * read back: a store is outside this process (a file any process of the user
 * can write, a Redis others use), so what it returns goes through the same
 * schemas as Chatmaid's answers, and a record must be about the number asked
 * for. Anything else is ignored and fetched again.
 */
import { isAbout } from "./chatmaidClient";
import type { PhoneIdentifier } from "../model/identifiers";
import { loadSchemas } from "../model/loadApiSchemas";
import {
  toRecord,
  toStatusRecord,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
} from "../model/phoneNumberRecord";

/** How one kind of read is stored and read back. */
export interface StoredForm<T> {
  /** What goes into the store. */
  toStored(value: T): unknown;
  /** The value, or `undefined` when what the store returned is malformed. */
  fromStored(raw: unknown): T | undefined;
}

/** A read found in a store: its value and when it was fetched. */
export interface StoredRead<T> {
  readonly at: number;
  readonly value: T;
}

/** The account's list: every record valid, each number once. */
export const LIST_FORM: StoredForm<readonly PhoneNumberRecord[]> = {
  toStored: (records) => records,
  fromStored(raw) {
    const parsed = loadSchemas().recordListSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const records = parsed.data.map(toRecord);
    const ids = new Set(records.map((r) => r.id.toLowerCase()));
    return ids.size === records.length ? records : undefined;
  },
};

/** One number's record, about the number asked for. */
export function recordForm(id: PhoneIdentifier): StoredForm<PhoneNumberRecord> {
  return {
    toStored: (record) => record,
    fromStored(raw) {
      const parsed = loadSchemas().phoneNumberSchema.safeParse(raw);
      return parsed.success && isAbout(parsed.data, id) ? toRecord(parsed.data) : undefined;
    },
  };
}

/** One number's status, about the number asked for. */
export function statusForm(id: PhoneIdentifier): StoredForm<PhoneNumberStatusRecord> {
  return {
    toStored: (status) => status,
    fromStored(raw) {
      const parsed = loadSchemas().phoneNumberStatusSchema.safeParse(raw);
      return parsed.success && isAbout(parsed.data, id) ? toStatusRecord(parsed.data) : undefined;
    },
  };
}

/**
 * A stored read still fresh for `ttlMs`, checked with its form; `undefined`
 * when absent, stale, dated in the future, or malformed.
 */
export function freshStoredRead<T>(raw: unknown, form: StoredForm<T>, ttlMs: number): StoredRead<T> | undefined {
  const entry = loadSchemas().storedReadSchema.safeParse(raw);
  if (!entry.success) return undefined;
  const now = Date.now();
  const { at } = entry.data;
  // A little ahead is another process's clock; far ahead is an entry that would never go stale.
  if (now - at >= ttlMs || at > now + 1000) return undefined;
  const value = form.fromStored(entry.data.value);
  return value === undefined ? undefined : { at, value };
}
