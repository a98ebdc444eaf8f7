import { createHash } from "node:crypto";
import { RequestPacer, type PacerOptions } from "./pacer";
import { SingleFlight } from "./singleFlight";

/**
 * Per-key state shared by every client in this process (a program, the
 * dynamic-provider plugin, the CLI): one pacer, so the budget is counted once
 * per key, and one set of in-flight requests, so concurrent reads share them.
 */
export interface KeyState {
  /** Paces every request made with the key. */
  readonly pacer: RequestPacer;
  /** Requests in flight, by path. */
  readonly flights: SingleFlight<unknown>;
  /** Cached results by name, each with the time it was fetched. */
  readonly cache: Map<string, { readonly at: number; readonly value: unknown }>;
}

const states = new Map<string, KeyState>();

/**
 * Returns the shared state for a base URL and key. Map keys are hashes, so the
 * key itself is held only by the clients that use it. The first caller's pacer
 * options win: two budgets for one key would defeat the point.
 */
export function keyState(baseUrl: string, apiKey: string, pacer: PacerOptions): KeyState {
  const id = createHash("sha256").update(`${baseUrl}\n${apiKey}`).digest("hex");
  let state = states.get(id);
  if (!state) {
    state = { pacer: new RequestPacer(pacer), flights: new SingleFlight(), cache: new Map() };
    states.set(id, state);
  }
  return state;
}

/** Forgets every pacer and cache (for tests, and for long-lived processes that change keys). */
export function resetSharedState(): void {
  states.clear();
}
