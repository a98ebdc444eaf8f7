/**
 * A place where the processes using one key share its request budget, a
 * 429's pause and recent reads: the machine store (a folder of the user's) or
 * Redis. Every operation may reject (a full disk, Redis gone); `KeyStore`
 * then falls back to per-process pacing. Answers are not trusted: what
 * `read` returns is validated by the caller before it becomes a record.
 */
export interface SharedStore {
  /** How messages name the store, e.g. `Redis at rediss://cache:6380/0`; never a password. */
  readonly name: string;
  /** The keyed hash naming a base URL and key in this store: never the key, nor a plain hash of it. */
  keyId(baseUrl: string, apiKey: string): Promise<string>;
  /**
   * Counts one request start in the key's window when it has room and no
   * pause holds.
   * @returns 0 when counted, else the milliseconds to wait before asking again.
   */
  reserve(id: string, limit: number, windowMs: number): Promise<number>;
  /** Holds every process's new requests with the key for `ms` (a server's Retry-After). */
  pause(id: string, ms: number): Promise<void>;
  /** The entry stored under `name`, as stored (unvalidated), or `undefined` when none is fresh. */
  read(id: string, name: string): Promise<unknown>;
  /** Stores an entry under `name` for `ttlMs`. */
  write(id: string, name: string, value: unknown, ttlMs: number): Promise<void>;
  /** Takes the right to fetch `name` for up to `ms`; `false` while another process holds it. */
  claim(id: string, name: string, ms: number): Promise<boolean>;
  /** Gives the right to fetch `name` back. */
  release(id: string, name: string): Promise<void>;
  /** Closes connections; the store is not used afterwards. */
  close(): Promise<void>;
}
