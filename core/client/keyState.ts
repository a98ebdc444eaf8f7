import { createHash } from "node:crypto";
import { DEFAULT_MAX_REQUESTS_PER_MINUTE, RequestPacer, type PacerOptions } from "./pacer";
import type { SharedStoreSetting } from "../model/sharedStoreSetting";
import { SingleFlight } from "./singleFlight";
import { KeyStore } from "./store/keyStore";
import { resetStores, storeHandle } from "./store/stores";

/**
 * Per-key state shared by every client in this process (a program, the
 * dynamic-provider plugin, the CLI): one pacer, so the budget is counted once
 * per key, and one set of in-flight requests, so concurrent reads share them;
 * and, unless the shared store is `off`, the key's part of the store shared
 * with other processes (see store/).
 */
export interface KeyState {
  /** Paces every request made with the key (and, with a store, waits for the shared budget). */
  readonly pacer: RequestPacer;
  /** Requests in flight, by path. */
  readonly flights: SingleFlight<unknown>;
  /** Cache loads in flight, by cache name: one process asks the shared store once per name. */
  readonly loads: SingleFlight<unknown>;
  /** Cached results by name, each with the time it was fetched. */
  readonly cache: Map<string, { readonly at: number; readonly value: unknown }>;
  /** The key's budget and reads shared with other processes, when a store is in use. */
  readonly store: KeyStore | undefined;
}

/** How a key's state reaches the shared store. */
export interface SharingOptions {
  /** Where the budget is shared; `off` keeps it in this process. */
  readonly setting: SharedStoreSetting;
  /** Where the key came from, for the store's warning. */
  readonly keySource: string;
  /** Where the store's one warning goes. */
  readonly warn: (message: string) => void;
}

const states = new Map<string, KeyState>();

/**
 * Returns the shared state for a base URL and key. Map keys are hashes, so the
 * key itself is held only by the clients that use it. The first caller's pacer
 * and store options win: two budgets for one key would defeat the point.
 */
export function keyState(baseUrl: string, apiKey: string, pacer: PacerOptions, sharing?: SharingOptions): KeyState {
  const id = createHash("sha256").update(`${baseUrl}\n${apiKey}`).digest("hex");
  let state = states.get(id);
  if (!state) {
    const handle = sharing && storeHandle(sharing.setting);
    const store =
      handle &&
      new KeyStore(handle, {
        keyId: () => handle.store.keyId(baseUrl, apiKey),
        limit: pacer.maxRequests ?? DEFAULT_MAX_REQUESTS_PER_MINUTE,
        windowMs: pacer.windowMs ?? 60_000,
        keySource: sharing.keySource,
        warn: sharing.warn,
      });
    state = {
      pacer: new RequestPacer({ ...pacer, ...(store ? { shared: store } : {}) }),
      flights: new SingleFlight(),
      loads: new SingleFlight(),
      cache: new Map(),
      store,
    };
    states.set(id, state);
  }
  return state;
}

/** Forgets every pacer, cache and shared-store connection (for tests, and for long-lived processes that change keys). */
export function resetSharedState(): void {
  states.clear();
  resetStores();
}
