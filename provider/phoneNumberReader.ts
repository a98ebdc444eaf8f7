import type { ChatmaidClient } from "./client";
import { NotFoundError } from "./errors";
import { parsePhoneIdentifier, type PhoneIdentifier } from "./identifiers";
import type { PhoneNumberRecord, PhoneNumberStatusRecord } from "./phoneNumberTypes";

/** Options of {@link PhoneNumberReader}. */
export interface PhoneNumberReaderOptions {
  /**
   * How long a fetched list or status stays fresh, in milliseconds. Within it,
   * lookups are answered from memory. Default 10 000: long enough to cover one
   * preview's burst of reads, short enough that a run sees dashboard changes.
   */
  readonly cacheTtlMs?: number;
}

/** Default freshness of cached reads. */
export const DEFAULT_CACHE_TTL_MS = 10_000;

/**
 * Reads phone numbers at the lowest request cost: lookups by ID or E.164 are
 * answered from one shared list request while it is fresh (falling back to
 * `GET /:id` for a number absent from it), and `/status` reads are shared per
 * number. The cache lives in the client's per-key state, so every reader in
 * the process shares it.
 */
export class PhoneNumberReader {
  readonly #client: ChatmaidClient;
  readonly #ttlMs: number;

  constructor(client: ChatmaidClient, options: PhoneNumberReaderOptions = {}) {
    this.#client = client;
    this.#ttlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  }

  /** The client behind this reader. */
  get client(): ChatmaidClient {
    return this.#client;
  }

  /** Every number in the account, from one request shared while fresh. */
  list(): Promise<PhoneNumberRecord[]> {
    return this.#cached("list", () => this.#client.listPhoneNumbers());
  }

  /**
   * One number by internal ID or E.164 number.
   * @throws InvalidInputError for a malformed identifier (no request made).
   * @throws NotFoundError when the account has no such number.
   */
  async lookup(identifier: string): Promise<PhoneNumberRecord> {
    const id = parsePhoneIdentifier(identifier);
    const found = findIn(await this.list(), id);
    if (found) return found;
    // Absent from the list: it may be newer than the list, so ask for it directly.
    return this.#cached(`get:${id.value}`, () => this.#client.getPhoneNumber(id.value));
  }

  /**
   * The up-to-date connection state of one number, shared per number while
   * fresh. `fresh: true` skips the cache (still shared with concurrent reads),
   * as waiting for a connection must.
   */
  async status(identifier: string, options: { fresh?: boolean } = {}): Promise<PhoneNumberStatusRecord> {
    const id = parsePhoneIdentifier(identifier);
    const key = `status:${id.value}`;
    if (options.fresh) this.#client.shared.cache.delete(key);
    return this.#cached(key, () => this.#client.getPhoneNumberStatus(id.value));
  }

  /**
   * Finds many numbers at once; absent ones are reported, not thrown.
   * @returns a map from each normalized identifier to its record, or `undefined` if absent.
   */
  async lookupMany(identifiers: readonly string[]): Promise<Map<string, PhoneNumberRecord | undefined>> {
    const ids = identifiers.map((i) => parsePhoneIdentifier(i));
    const found = new Map<string, PhoneNumberRecord | undefined>();
    await Promise.all(
      ids.map(async (id) => {
        try {
          found.set(id.value, await this.lookup(id.value));
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          found.set(id.value, undefined);
        }
      }),
    );
    return found;
  }

  async #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cache = this.#client.shared.cache;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < this.#ttlMs) return hit.value as T;
    // Shared with concurrent callers through the client's single-flight.
    const value = await load();
    cache.set(key, { at: Date.now(), value });
    return value;
  }
}

/** Finds a number in a list by internal ID or E.164. */
export function findIn(records: readonly PhoneNumberRecord[], id: PhoneIdentifier): PhoneNumberRecord | undefined {
  return id.kind === "id"
    ? records.find((r) => r.id.toLowerCase() === id.value)
    : records.find((r) => r.phoneNumber === id.value);
}
