/** Retry policy: which failures are retried and how long to wait between attempts. */
import { parseHttpDate } from "./httpDate";

/** Statuses worth retrying: transient by nature, and every call here is an idempotent GET. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Longest wait the client accepts from a server; beyond it the call fails saying when to retry. */
export const MAX_RETRY_AFTER_MS = 60_000;

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Parses a `Retry-After` header (delay-seconds: digits only, or an HTTP date)
 * or, without a usable header, a body's `retryAfter` seconds, into
 * milliseconds from `now`. Returns `undefined` when neither says anything
 * usable (`-5`, `1, 2`, `soon`): the normal backoff applies then.
 */
export function parseRetryAfterMs(
  header: string | null | undefined,
  bodySeconds: number | undefined,
  now = Date.now(),
): number | undefined {
  const text = (header ?? "").replace(/^[ \t]+|[ \t]+$/g, "");
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Math.min(Math.ceil(Number(text) * 1000), Number.MAX_SAFE_INTEGER);
  const date = parseHttpDate(text, now);
  if (date !== undefined) return Math.max(0, date - now);
  if (typeof bodySeconds === "number" && Number.isFinite(bodySeconds) && bodySeconds >= 0) {
    return Math.ceil(bodySeconds * 1000);
  }
  return undefined;
}

/**
 * Exponential backoff with bounded jitter for retry `attempt` (1-based):
 * 500 ms, 1 s, 2 s ... capped at 8 s, each scaled by a factor in [0.75, 1].
 * Jitter spreads concurrent retries; it is never applied to a server's delay.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + 0.25 * random()));
}
