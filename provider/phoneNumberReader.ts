import { ChatmaidClient, type ClientHooks } from "./client";
import { InvalidInputError, NotFoundError } from "./errors";
import type { PhoneIdentifier } from "./identifiers";
import type { PhoneNumberRecord, PhoneNumberStatusRecord } from "./phoneNumberRecord";
import type { ResolvedSettings } from "./settings";

/** Options of a read. */
export interface ReadOptions {
  /** Abandons the read (see `RequestOptions.signal`): a wait's deadline, a cancelled deployment. */
  readonly signal?: AbortSignal;
}

/** Options of {@link PhoneNumberReader.status}. */
export interface StatusReadOptions extends ReadOptions {
  /** Skip the cache (still shared with concurrent reads), as waiting for a connection must. */
  readonly fresh?: boolean;
}

/**
 * Reads phone numbers at the lowest request cost: lookups by ID or E.164 are
 * answered from one shared list request while it is fresh (falling back to
 * `GET /:id` for a number absent from it), and `/status` reads are shared per
 * number. The cache lives in the client's per-key state, so every reader in
 * the process shares it; its freshness is the settings' `cacheTtlMs`.
 * Records are returned as copies: changing one never changes the cache.
 */
export class PhoneNumberReader {
  /** The client behind this reader. */
  readonly client: ChatmaidClient;

  constructor(client: ChatmaidClient) {
    if (!(client instanceof ChatmaidClient)) {
      throw new InvalidInputError(
        "new PhoneNumberReader: client must be a ChatmaidClient (or use readerFor(settings)).",
        {
          code: "invalid_argument",
          origin: "argument",
        },
      );
    }
    this.client = client;
  }

  /** Every number in the account, from one request shared while fresh. */
  async list(options: ReadOptions = {}): Promise<PhoneNumberRecord[]> {
    return (await this.#list(options)).records.map(copy);
  }

  /**
   * A number from the fresh list, by internal ID or E.164, or `undefined`
   * when the list lacks it (it may still exist: see {@link lookup}).
   */
  async listed(id: PhoneIdentifier, options: ReadOptions = {}): Promise<PhoneNumberRecord | undefined> {
    const found = (await this.#list(options)).find(id);
    return found && copy(found);
  }

  /**
   * One number by internal ID or E.164 number.
   * @throws NotFoundError when the account has no such number.
   */
  async lookup(id: PhoneIdentifier, options: ReadOptions = {}): Promise<PhoneNumberRecord> {
    const found = await this.listed(id, options);
    if (found) return found;
    // Absent from the list: it may be newer than the list, or its list entry was bad; ask for it directly.
    return copy(await this.#cached(`get:${id.value}`, () => this.client.getPhoneNumber(id, options)));
  }

  /** The up-to-date connection state of one number, shared per number while fresh. */
  async status(id: PhoneIdentifier, options: StatusReadOptions = {}): Promise<PhoneNumberStatusRecord> {
    const key = `status:${id.value}`;
    if (options.fresh) this.client.shared.cache.delete(key);
    const signal = options.signal;
    return copy(await this.#cached(key, () => this.client.getPhoneNumberStatus(id, signal ? { signal } : {})));
  }

  /**
   * Finds many numbers at once; absent ones are reported, not thrown.
   * @returns each identifier's value mapped to its record, or `undefined` if the account has no such number.
   */
  async lookupMany(
    ids: readonly PhoneIdentifier[],
    options: ReadOptions = {},
  ): Promise<Map<string, PhoneNumberRecord | undefined>> {
    const found = new Map<string, PhoneNumberRecord | undefined>();
    await Promise.all(
      ids.map(async (id) => {
        try {
          found.set(id.value, await this.lookup(id, options));
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          found.set(id.value, undefined);
        }
      }),
    );
    return found;
  }

  #list(options: ReadOptions): Promise<IndexedList> {
    return this.#cached("list", async () => indexed(await this.client.listPhoneNumbers(options)));
  }

  async #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cache = this.client.shared.cache;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < this.client.settings.cacheTtlMs) return hit.value as T;
    // Shared with concurrent callers through the client's single-flight.
    const value = await load();
    cache.set(key, { at: Date.now(), value });
    return value;
  }
}

/** A reader (and its client) for resolved settings. */
export function readerFor(settings: ResolvedSettings, hooks: ClientHooks = {}): PhoneNumberReader {
  return new PhoneNumberReader(new ChatmaidClient(settings, hooks));
}

/**
 * A list with its lookups by ID and by E.164, each built once per list on its
 * first use: a 10,000-number account answers in O(1), and a plain listing builds neither.
 */
interface IndexedList {
  readonly records: readonly PhoneNumberRecord[];
  find(id: PhoneIdentifier): PhoneNumberRecord | undefined;
}

function indexed(records: readonly PhoneNumberRecord[]): IndexedList {
  let byId: Map<string, PhoneNumberRecord> | undefined;
  let byNumber: Map<string, PhoneNumberRecord> | undefined;
  return {
    records,
    find(id) {
      if (id.kind === "id") {
        byId ??= new Map(records.map((r) => [r.id.toLowerCase(), r]));
        return byId.get(id.value.toLowerCase());
      }
      byNumber ??= new Map(records.map((r) => [r.phoneNumber, r]));
      return byNumber.get(id.value);
    },
  };
}

function copy<T extends object>(record: T): T {
  return { ...record };
}
