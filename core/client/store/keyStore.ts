/**
 * One key's use of a shared store, and the fallback when the store fails: the
 * first failure (a full or read-only disk, Redis refused, timed out, dropped,
 * a wrong password, a server that is not Redis) is reported once, and from
 * then on this process paces its requests alone and reads only its own
 * cache. A lookup never fails because of the store.
 */
import type { SharedGate } from "../pacer";
import { safeText } from "../../model/redact";
import { sleep } from "../sleep";
import type { SharedStore } from "./sharedStore";

/** A store as this process uses it: given up after its first failure, reported once. */
export interface StoreHandle {
  readonly store: SharedStore;
  /** How long one operation may take before the store is given up. */
  readonly timeoutMs: number;
  /** What to do when the store fails, for the warning. */
  readonly advice: string;
  failed: boolean;
}

/** What a {@link KeyStore} needs besides its store. */
export interface KeyStoreOptions {
  /** The key's keyed hash in the store, computed on first use. */
  readonly keyId: () => Promise<string>;
  /** Requests allowed per window, for every process sharing the key. */
  readonly limit: number;
  /** The window in milliseconds. */
  readonly windowMs: number;
  /** Where the key came from, for the warning. */
  readonly keySource: string;
  /** Where the one warning goes. */
  readonly warn: (message: string) => void;
}

/** One key's shared budget and reads in a store, or nothing once the store has failed. */
export class KeyStore implements SharedGate {
  readonly #handle: StoreHandle;
  readonly #options: KeyStoreOptions;
  #id: Promise<string> | undefined;

  constructor(handle: StoreHandle, options: KeyStoreOptions) {
    this.#handle = handle;
    this.#options = options;
  }

  /** The store's name, for messages. */
  get name(): string {
    return this.#handle.store.name;
  }

  /** Whether the store has failed in this process (requests are then paced per process). */
  get failed(): boolean {
    return this.#handle.failed;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const { limit, windowMs } = this.#options;
    for (;;) {
      const waitMs = await this.#guard(0, (store, id) => store.reserve(id, limit, windowMs));
      if (waitMs <= 0) return;
      await sleep(waitMs, signal);
    }
  }

  pause(ms: number): void {
    void this.#guard(undefined, (store, id) => store.pause(id, ms));
  }

  /** The entry stored under `name` (unvalidated), or `undefined`. */
  read(name: string): Promise<unknown> {
    return this.#guard(undefined, (store, id) => store.read(id, name));
  }

  /** Stores an entry for `ttlMs`. */
  write(name: string, value: unknown, ttlMs: number): Promise<void> {
    return this.#guard(undefined, (store, id) => store.write(id, name, value, ttlMs));
  }

  /** Takes the right to fetch `name` for `ms`; `true` too when the store failed (fetch it yourself). */
  claim(name: string, ms: number): Promise<boolean> {
    return this.#guard(true, (store, id) => store.claim(id, name, ms));
  }

  /** Gives the right to fetch `name` back. */
  release(name: string): Promise<void> {
    return this.#guard(undefined, (store, id) => store.release(id, name));
  }

  /** Runs an operation within the store's time limit; on failure, gives the store up (once) and returns `fallback`. */
  async #guard<T>(fallback: T, operation: (store: SharedStore, id: string) => Promise<T>): Promise<T> {
    const handle = this.#handle;
    if (handle.failed) return fallback;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${handle.timeoutMs} ms`)), handle.timeoutMs);
      });
      const run = (async () => {
        this.#id ??= this.#options.keyId();
        return operation(handle.store, await this.#id);
      })();
      run.catch(() => undefined); // settled after a timeout, with nobody listening
      return await Promise.race([run, timeout]);
    } catch (error) {
      this.#id = undefined;
      if (!handle.failed) {
        handle.failed = true;
        this.#options.warn(this.#warning(error));
      }
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  #warning(error: unknown): string {
    const reason = error instanceof Error ? error.message : String(error);
    return (
      `Could not use ${this.#handle.store.name} to share the request budget and recent reads of the Chatmaid API key from ${this.#options.keySource} ` +
      `with other processes (${safeText(reason)}). This process paces its own requests from now on: other processes using the key ` +
      `may draw answers of 429, which are retried. ${this.#handle.advice}`
    );
  }
}
