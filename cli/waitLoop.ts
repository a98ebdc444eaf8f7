/**
 * Polls numbers that are not connected until they are or the wait runs out.
 * The CLI's own loop rather than the package's `ensureConnected`, so it can
 * report every poll (for the live line) and stop at the deadline even when a
 * request hangs.
 */
import type { PhoneNumberRecord } from "../provider";

/** Told what the loop sees, to show progress. */
export interface WaitProgress {
  /** Before the first poll. `deadline` is a `Date.now()` time. */
  start(pending: readonly PhoneNumberRecord[], deadline: number): void;
  /** A number's status changed. */
  changed(record: PhoneNumberRecord, previousStatus: string, elapsedMs: number): void;
  /** After each round of polls, with the numbers still not connected. */
  polled(pending: readonly PhoneNumberRecord[]): void;
  /** Once, at the end. */
  finish(pending: readonly PhoneNumberRecord[], elapsedMs: number): void;
  /** Instead of `finish`, when a poll failed: tidy up without a summary, since the error is printed next. */
  abort(): void;
}

/** Options of {@link waitUntilConnected}. */
export interface WaitLoopOptions {
  /** How long to keep polling, in milliseconds. */
  readonly waitMs: number;
  /** Reads a number's current state (e.g. a fresh `/status`, merged into the record). */
  readonly poll: (record: PhoneNumberRecord) => Promise<PhoneNumberRecord>;
  /** First pause between polls. Default {@link FIRST_POLL_INTERVAL_MS}. */
  readonly firstIntervalMs?: number;
  /** Longest pause between polls. Default {@link MAX_POLL_INTERVAL_MS}. */
  readonly maxIntervalMs?: number;
  /** How long a round of polls may outlast the deadline. Default {@link POLL_GRACE_MS}. */
  readonly graceMs?: number;
  readonly progress?: WaitProgress;
}

/** The loop's outcome: the last state seen of every number, and the time spent. */
export interface WaitResult {
  readonly records: PhoneNumberRecord[];
  readonly waitedMs: number;
}

/** First pause between polls: a connection in progress often completes within seconds. */
export const FIRST_POLL_INTERVAL_MS = 1000;
/** Longest pause: a CI job should notice a connection within a few seconds. */
export const MAX_POLL_INTERVAL_MS = 5000;
/**
 * How long a round of polls may outlast the deadline before its answers are
 * abandoned: enough for the poll made at the deadline to answer normally.
 */
export const POLL_GRACE_MS = 1000;

/** Whether a record counts as connected: only `connected` does, as in the rest of the package. */
export function isConnected(record: PhoneNumberRecord): boolean {
  return record.connectionStatus === "connected";
}

/**
 * Polls every number that is not connected, with backoff (x1.5 per round),
 * until all are connected or `waitMs` has passed. The last poll happens at the
 * deadline. Errors from `poll` propagate (the client has already retried).
 */
export async function waitUntilConnected(
  records: readonly PhoneNumberRecord[],
  options: WaitLoopOptions,
): Promise<WaitResult> {
  const started = Date.now();
  const deadline = started + options.waitMs;
  const maxInterval = options.maxIntervalMs ?? MAX_POLL_INTERVAL_MS;
  let interval = options.firstIntervalMs ?? FIRST_POLL_INTERVAL_MS;
  const current = [...records];
  const pending = (): PhoneNumberRecord[] => current.filter((r) => !isConnected(r));
  options.progress?.start(pending(), deadline);
  try {
    while (pending().length > 0 && Date.now() < deadline) {
      // The round that reaches the deadline is the last: a timer that fires a
      // millisecond early must not add a spare poll right after it.
      const lastRound = interval >= deadline - Date.now();
      await sleep(Math.min(interval, deadline - Date.now()));
      interval = Math.min(maxInterval, interval * 1.5);
      const round = Promise.all(pending().map(async (before) => ({ before, after: await options.poll(before) })));
      const results = await within(round, Math.max(0, deadline - Date.now()) + (options.graceMs ?? POLL_GRACE_MS));
      // A hung request must not stretch --wait: report the last states seen.
      if (results === undefined) break;
      for (const { before, after } of results) {
        current[current.indexOf(before)] = after;
        if (after.connectionStatus !== before.connectionStatus)
          options.progress?.changed(after, before.connectionStatus, Date.now() - started);
      }
      options.progress?.polled(pending());
      if (lastRound) break;
    }
  } catch (error) {
    options.progress?.abort();
    throw error;
  }
  const waitedMs = Date.now() - started;
  options.progress?.finish(pending(), waitedMs);
  return { records: current, waitedMs };
}

/** The promise's value, or `undefined` if it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  // An abandoned round may still fail later; that must not be an unhandled rejection.
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
