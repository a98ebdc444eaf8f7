/**
 * Wait progress and retries as log lines, for surfaces without a terminal of
 * their own (a Pulumi program, the provider plugins). A normal run stays
 * quiet: its lines go out at `debug`, and only a wait or retry that lasts
 * longer than {@link QUIET_MS} is shown at `info`.
 */
import { countOf, formatSeconds, labelOf } from "./format";
import type { RetryNotice } from "../client/httpTransport";
import type { PhoneNumberRecord } from "../model/phoneNumberRecord";
import { safeText } from "../model/redact";
import type { WaitProgress } from "./waitLoop";

/** Severity of a line. */
export type LogSeverity = "debug" | "info" | "warning";

/** Where the package's progress, retry and warning lines go (`pulumi.log`, the engine's Log service, ...). */
export type LogSink = (severity: LogSeverity, message: string) => void;

/** How long a wait or retry may last before its lines are shown at `info` rather than `debug`. */
export const QUIET_MS = 5000;

/** How often a long wait says it is still waiting, at `info`. */
const STILL_WAITING_EVERY_MS = 30_000;

/** Wait progress as log lines: `debug` at first, `info` once the wait has lasted longer than `quietMs`. */
export function progressLog(log: LogSink, quietMs = QUIET_MS): WaitProgress {
  let deadline = 0;
  let lastShown = 0;
  const level = (elapsedMs: number) => (elapsedMs > quietMs ? "info" : "debug");
  const list = (records: readonly PhoneNumberRecord[]) => records.map(labelOf).join(", ");
  return {
    start(pending, at, waitMs) {
      deadline = at;
      log(
        "debug",
        `Waiting up to ${formatSeconds(waitMs)} for ${countOf(pending.length, "Chatmaid number")} to connect: ${list(pending)}`,
      );
    },
    changed(record, previous, elapsedMs) {
      log(
        level(elapsedMs),
        `${labelOf(record)}: ${safeText(previous)} -> ${safeText(record.connectionStatus)} (after ${formatSeconds(elapsedMs)})`,
      );
    },
    polled(pending, elapsedMs) {
      if (pending.length === 0) return;
      const line = `Still waiting for ${list(pending)} to connect (${formatSeconds(Math.max(0, deadline - Date.now()))} left)`;
      // Past the quiet period: once, then every half minute, so an hour's wait is not 700 lines.
      if (elapsedMs > quietMs && elapsedMs - lastShown >= STILL_WAITING_EVERY_MS) {
        lastShown = elapsedMs;
        log("info", line);
      } else {
        log("debug", line);
      }
    },
    finish(pending, elapsedMs) {
      const line =
        pending.length === 0
          ? `All Chatmaid numbers connected after ${formatSeconds(elapsedMs)}`
          : `Stopped waiting after ${formatSeconds(elapsedMs)}: ${list(pending)} still not connected`;
      log(level(elapsedMs), line);
    },
  };
}

/** A retry as a log line: `info` when the wait is long enough to notice (a rate limit), `debug` otherwise. */
export function logRetry(log: LogSink, notice: RetryNotice, quietMs = QUIET_MS): void {
  log(notice.delayMs >= quietMs ? "info" : "debug", `Chatmaid: ${describeRetry(notice)}`);
}

/** A retry notice as one line: `GET /v1/phone-numbers answered 503; retry 1 in 0.5 s`. */
export function describeRetry(notice: RetryNotice): string {
  const why = /^\d+$/.test(notice.reason) ? `answered ${notice.reason}` : `failed (${safeText(notice.reason)})`;
  return `${notice.request} ${why}; retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s`;
}
