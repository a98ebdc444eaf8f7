/**
 * The request journal: recorded API requests (for tests) and the optional
 * request log. Entries carry a key label, never a key.
 */
import type { RecordedRequest } from "./types";

/** Default cap on kept requests, so a long-running emulator does not grow without bound. */
export const DEFAULT_MAX_RECORDED_REQUESTS = 10_000;

/** Keeps the most recent requests and writes one log line per request. */
export class RequestJournal {
  private entries: RecordedRequest[] = [];

  /**
   * @param log Receives one line per request; default none.
   * @param maxEntries Oldest entries are dropped beyond this.
   */
  constructor(
    private readonly log: ((line: string) => void) | undefined,
    private readonly maxEntries: number = DEFAULT_MAX_RECORDED_REQUESTS,
  ) {}

  /** Snapshot of the recorded requests, oldest first. */
  list(): readonly RecordedRequest[] {
    return Object.freeze(this.entries.map((entry) => ({ ...entry })));
  }

  /** Forgets recorded requests. */
  clear(): void {
    this.entries = [];
  }

  /**
   * Logs a request and, when `keep` is true (API traffic, not control routes),
   * records it.
   */
  add(entry: RecordedRequest, durationMs: number, keep: boolean): void {
    if (keep) {
      this.entries.push(entry);
      if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    }
    if (this.log !== undefined) {
      const fault = entry.fault === undefined ? "" : ` fault=${entry.fault}`;
      // A throwing logger must not break request handling.
      try {
        this.log(
          `${entry.at} ${entry.method} ${entry.path} ${entry.status} key=${entry.keyLabel} ${durationMs}ms ${entry.requestId}${fault}`,
        );
      } catch {
        /* ignored on purpose */
      }
    }
  }
}
