/**
 * The one loop that waits for numbers to connect, used by the functions, the
 * `PhoneNumber` providers and the CLI. It has a hard deadline: no poll starts
 * after it, and a poll still running at the deadline plus {@link DEADLINE_GRACE_MS}
 * is aborted, so "wait 3 seconds" gives up after about 3 seconds even when a
 * request hangs.
 */
import { formatSeconds } from "./format";
import { checkEdge } from "../model/inputCheck";
import { TimeoutError } from "../model/errors";
import { isConnected, type PhoneNumberRecord } from "../model/phoneNumberRecord";
import { sleep } from "../client/sleep";

/** Longest wait for a connection, in seconds, in every surface (SDK, providers, CLI): an hour. */
export const MAX_WAIT_SECONDS = 3600;
/** First pause between polls: a connection in progress often completes within seconds. */
export const FIRST_POLL_INTERVAL_MS = 1000;
/** Each pause is this much longer than the one before... */
export const POLL_BACKOFF = 1.5;
/** ...up to this: a pipeline notices a connection within seconds, and 10 numbers stay within 100 requests a minute. */
export const MAX_POLL_INTERVAL_MS = 5000;
/**
 * How long a poll running at the deadline may take before it is aborted:
 * enough for a poll made at the deadline to answer normally.
 */
export const DEADLINE_GRACE_MS = 2000;

/** Told what the loop sees, to show progress (a live line, log lines). Every method is optional. */
export interface WaitProgress {
  /** Once, when waiting starts: the numbers not connected, the deadline as a `Date.now()` time, and the wait asked for. */
  start?(pending: readonly PhoneNumberRecord[], deadline: number, waitMs: number): void;
  /** A number's status changed. */
  changed?(record: PhoneNumberRecord, previousStatus: string, elapsedMs: number): void;
  /** After each round of polls, with the numbers still not connected. */
  polled?(pending: readonly PhoneNumberRecord[], elapsedMs: number): void;
  /** Once, at the end of a wait that started. */
  finish?(pending: readonly PhoneNumberRecord[], elapsedMs: number): void;
  /** Instead of `finish`, when a poll failed or the wait was cancelled: tidy up, the error comes next. */
  abort?(): void;
}

/** What a poll is told. */
export interface PollContext {
  /** Aborted when the poll is abandoned (deadline plus grace) or the wait is cancelled. */
  readonly signal: AbortSignal;
  /** True for the first read of each number, which may come from a fresh cache; later polls must not. */
  readonly first: boolean;
}

/** Options of {@link waitUntilConnected}. */
export interface WaitOptions {
  /** How long to keep polling while a number is not connected, in milliseconds; 0 reads each number once. */
  readonly waitMs: number;
  /**
   * The deadline as a `Date.now()` time, when the wait began before the loop
   * (see {@link startWait}); it replaces `waitMs`, and bounds even the first read.
   */
  readonly deadline?: number;
  /** Reads a number's current state (a `/status` merged into the record). */
  readonly poll: (record: PhoneNumberRecord, context: PollContext) => Promise<PhoneNumberRecord>;
  /** First pause between polls. Default {@link FIRST_POLL_INTERVAL_MS}. */
  readonly firstIntervalMs?: number;
  /** Longest pause between polls. Default {@link MAX_POLL_INTERVAL_MS}. */
  readonly maxIntervalMs?: number;
  /** How long a poll may outlast the deadline. Default {@link DEADLINE_GRACE_MS}. */
  readonly graceMs?: number;
  /** Progress callbacks. */
  readonly progress?: WaitProgress;
  /** Cancels the wait: polls in flight are aborted and the loop rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The loop's outcome. */
export interface WaitResult {
  /** The last state seen of every number, in the order given. */
  readonly records: PhoneNumberRecord[];
  /** Time spent, from the first read to the end. */
  readonly waitedMs: number;
  /** True when the last round of polls was abandoned at the deadline, so the pending numbers' states are older. */
  readonly stale: boolean;
  /**
   * Per number, whether any poll answered for it. A number never confirmed
   * (the first read hung) keeps the state it came with, say the list's
   * "connected": that must not pass for an up-to-date status.
   */
  readonly confirmed: readonly boolean[];
}

/** The time budget of a wait that starts before its loop (with the reads that find the numbers). */
export interface WaitBudget {
  /** The wait asked for, in seconds. */
  readonly waitSeconds: number;
  /** When it ends, as a `Date.now()` time. */
  readonly deadline: number;
  /** Aborted at the deadline plus {@link DEADLINE_GRACE_MS}, or when the wait is cancelled. */
  readonly signal: AbortSignal;
}

/**
 * Starts a wait's clock now, so the reads before the loop (the list that
 * finds the numbers) count against it too: "wait 3 seconds" gives up after
 * about 3 seconds whatever hangs. `undefined` for no wait (0 s): those reads
 * then have only the client's own timeout and retries.
 */
export function startWait(waitSeconds: number, cancel?: AbortSignal): WaitBudget | undefined {
  if (!(waitSeconds > 0)) return undefined;
  const timeout = AbortSignal.timeout(waitSeconds * 1000 + DEADLINE_GRACE_MS);
  return {
    waitSeconds,
    deadline: Date.now() + waitSeconds * 1000,
    signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout,
  };
}

/**
 * Runs a read that comes before the wait's loop within its budget. Cut off
 * at the deadline plus the grace, it fails with a TimeoutError naming `what`.
 */
export async function withinWait<T>(
  budget: WaitBudget | undefined,
  what: string,
  read: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!budget) return read(undefined);
  try {
    return await read(budget.signal);
  } catch (error) {
    const reason = budget.signal.aborted ? (budget.signal.reason as { name?: string } | undefined) : undefined;
    if (reason?.name !== "TimeoutError") throw error;
    throw new TimeoutError(
      `Gave up on ${what} after waiting ${formatSeconds(budget.waitSeconds * 1000)}: Chatmaid did not answer before the deadline ` +
        `(the wait plus ${formatSeconds(DEADLINE_GRACE_MS)} of grace). Check the network and the base URL, or wait longer.`,
      { code: "wait_deadline" },
    );
  }
}

/** The reason a round of polls is aborted with at the deadline. */
const DEADLINE = Symbol("deadline");

/**
 * Reads every number once, then, while some are not connected and `waitMs`
 * has not passed, polls those with backoff. The last poll starts at the
 * deadline at the latest. Errors from `poll` propagate (the client has
 * already retried what was worth retrying).
 */
export async function waitUntilConnected(
  records: readonly PhoneNumberRecord[],
  options: WaitOptions,
): Promise<WaitResult> {
  checkEdge("waitUntilConnected", "records", (s) => s.recordSchema.array(), records);
  checkEdge("waitUntilConnected", "options", (s) => s.waitOptionsSchema, options);
  const started = Date.now();
  const deadline = options.deadline ?? started + options.waitMs;
  const waiting = options.deadline !== undefined || options.waitMs > 0;
  const bound = waiting ? deadline + (options.graceMs ?? DEADLINE_GRACE_MS) : undefined;
  const maxInterval = options.maxIntervalMs ?? MAX_POLL_INTERVAL_MS;
  let interval = options.firstIntervalMs ?? FIRST_POLL_INTERVAL_MS;
  const current = [...records];
  const pending = (): PhoneNumberRecord[] => current.filter((r) => !isConnected(r));
  const progress = options.progress;
  let polling = false;
  let stale = false;
  let confirmed = false;
  try {
    const first = await round(current, true, bound, options);
    if (first === undefined) stale = true;
    else first.forEach((record, i) => (current[i] = record));
    confirmed = first !== undefined;
    if (!stale && pending().length > 0 && waiting && Date.now() < deadline) {
      polling = true;
      progress?.start?.(pending(), deadline, options.waitMs);
    }
    while (polling && !stale && pending().length > 0 && Date.now() < deadline) {
      // The round that reaches the deadline is the last: a timer firing a
      // millisecond early must not add a spare poll right after it.
      const lastRound = interval >= deadline - Date.now();
      await sleep(Math.min(interval, deadline - Date.now()), options.signal);
      interval = Math.min(maxInterval, interval * POLL_BACKOFF);
      const before = pending();
      const polled = await round(before, false, bound, options);
      if (polled === undefined) {
        stale = true;
        break;
      }
      polled.forEach((after, i) => {
        current[current.indexOf(before[i]!)] = after;
        if (after.connectionStatus !== before[i]!.connectionStatus) {
          progress?.changed?.(after, before[i]!.connectionStatus, Date.now() - started);
        }
      });
      progress?.polled?.(pending(), Date.now() - started);
      if (lastRound) break;
    }
  } catch (error) {
    if (polling) progress?.abort?.();
    throw error;
  }
  const waitedMs = Date.now() - started;
  if (polling) progress?.finish?.(pending(), waitedMs);
  return { records: current, waitedMs, stale, confirmed: current.map(() => confirmed) };
}

/**
 * Polls `records` at once. Resolves with their new states, or `undefined`
 * when the round was still running at `bound` (its polls are then aborted).
 */
async function round(
  records: readonly PhoneNumberRecord[],
  first: boolean,
  bound: number | undefined,
  options: WaitOptions,
): Promise<PhoneNumberRecord[] | undefined> {
  const controller = new AbortController();
  const cancel = (): void => controller.abort(options.signal!.reason);
  options.signal?.throwIfAborted();
  options.signal?.addEventListener("abort", cancel, { once: true });
  const timer = bound === undefined ? undefined : setTimeout(() => controller.abort(DEADLINE), bound - Date.now());
  // A poll that ignores its signal must not hold the loop either.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason as unknown), { once: true });
  });
  const polls = Promise.all(records.map((record) => options.poll(record, { signal: controller.signal, first })));
  // Whichever loses the race may still reject later; that is not an unhandled rejection.
  polls.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return await Promise.race([polls, aborted]);
  } catch (error) {
    if (error === DEADLINE) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
    // Abandon whatever is still running (a no-op once every poll has settled).
    if (!controller.signal.aborted) controller.abort(DEADLINE);
  }
}
