import { ChatmaidClient, type ClientHooks } from "./chatmaidClient";
import { InvalidInputError, NotFoundError } from "../model/errors";
import type { PhoneIdentifier } from "../model/identifiers";
import type { PhoneNumberRecord, PhoneNumberStatusRecord } from "../model/phoneNumberRecord";
import type { ResolvedSettings } from "../model/settings";
import { sleep } from "./sleep";
import type { KeyStore } from "./store/keyStore";
import { freshStoredRead, LIST_FORM, recordForm, statusForm, type StoredForm } from "./storedReads";

/**
 * How long a process may take to fetch what it claimed before the others
 * fetch it themselves: long enough to wait for a busy shared budget, short
 * enough that a killed process holds nobody up for long.
 */
const CLAIM_MS = 15_000;
/** How often a process waiting for another's fetch looks in the store. */
const POLL_MS = 25;

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
 * the process shares it; its freshness is the settings' `cacheTtlMs`. With a
 * shared store, reads are also shared with the other processes using the key:
 * one process fetches (it claims the read), the others take its answer from
 * the store, checked like Chatmaid's own.
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
    return copy(await this.#cached(`get:${id.value}`, () => this.client.getPhoneNumber(id, options), recordForm(id)));
  }

  /** The up-to-date connection state of one number, shared per number while fresh. */
  async status(id: PhoneIdentifier, options: StatusReadOptions = {}): Promise<PhoneNumberStatusRecord> {
    const key = `status:${id.value}`;
    if (options.fresh) this.client.shared.cache.delete(key);
    const signal = options.signal;
    const load = () => this.client.getPhoneNumberStatus(id, signal ? { signal } : {});
    return copy(await this.#cached(key, load, statusForm(id), options.fresh));
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
    return this.#cached("list", async () => indexed(await this.client.listPhoneNumbers(options)), INDEXED_LIST_FORM);
  }

  /** A read from this process's cache, else the shared store's, else fetched (and then kept in both). */
  async #cached<T>(key: string, load: () => Promise<T>, form: StoredForm<T>, fresh = false): Promise<T> {
    const { cache, store, loads } = this.client.shared;
    const ttl = this.client.settings.cacheTtlMs;
    const hit = cache.get(key);
    if (!fresh && hit && Date.now() - hit.at < ttl) return hit.value as T;
    if (!store || ttl === 0) {
      // Shared with concurrent callers through the client's single-flight.
      const value = await load();
      cache.set(key, { at: Date.now(), value });
      return value;
    }
    // One trip to the store per name at a time in this process; a fresh read never waits for another's.
    const name = fresh ? `fresh:${key}` : key;
    return (await loads.run(name, (signal) => this.#throughStore(key, load, form, store, fresh, signal))) as T;
  }

  /**
   * The store's fresh answer, or the result of fetching: the first process to
   * claim the read fetches it, the others look in the store until it is there
   * (or the claim lapses, and they fetch it themselves).
   */
  async #throughStore<T>(
    key: string,
    load: () => Promise<T>,
    form: StoredForm<T>,
    store: KeyStore,
    fresh: boolean,
    signal: AbortSignal,
  ): Promise<T> {
    const { cache } = this.client.shared;
    const ttl = this.client.settings.cacheTtlMs;
    const stored = async (): Promise<T | undefined> => {
      const found = freshStoredRead(await store.read(key), form, ttl);
      if (found) cache.set(key, { at: found.at, value: found.value });
      return found?.value;
    };
    let held = false;
    if (!fresh) {
      const found = await stored();
      if (found !== undefined) return found;
      // Until this process holds the claim; a claim whose holder died lapses after CLAIM_MS.
      while (!(held = await store.claim(key, CLAIM_MS))) await sleep(POLL_MS, signal);
      // The holder writes before it lets go, so what it fetched is there now.
      const written = await stored();
      if (written !== undefined) {
        await store.release(key);
        return written;
      }
    }
    try {
      const value = await load();
      const at = Date.now();
      cache.set(key, { at, value });
      await store.write(key, { at, value: form.toStored(value) }, ttl);
      return value;
    } finally {
      if (held) await store.release(key);
    }
  }
}

/** The list as the store keeps it: its records; read back, indexed again. */
const INDEXED_LIST_FORM: StoredForm<IndexedList> = {
  toStored: (list) => LIST_FORM.toStored(list.records),
  fromStored(raw) {
    const records = LIST_FORM.fromStored(raw);
    return records && indexed(records);
  },
};

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
