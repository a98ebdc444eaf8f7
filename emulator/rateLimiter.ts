/**
 * Per-key sliding-window rate limiter: at most `limit` accepted requests in
 * any `windowMs`-long window. Rejected requests are not counted, so a client
 * that waits `retryAfter` seconds always gets through.
 */

/** Outcome of {@link SlidingWindowRateLimiter.take}. */
export type RateDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Whole seconds (>= 1) until a slot frees: ceil of the exact wait. */
      retryAfterSeconds: number;
    };

/** Default real-service budget: 100 requests per minute per key. */
export const DEFAULT_RATE_LIMIT = 100;
/** Default window: one minute. */
export const DEFAULT_RATE_WINDOW_MS = 60_000;

/** True when `limit` switches limiting off (0 or Infinity). */
export function isRateLimitDisabled(limit: number): boolean {
  return limit === 0 || limit === Number.POSITIVE_INFINITY;
}

/**
 * Throws a RangeError unless `limit` is a non-negative integer or Infinity
 * and `windowMs` a positive finite number.
 */
export function checkRateLimitSettings(limit: number, windowMs: number): void {
  if (!(Number.isInteger(limit) && limit >= 0) && limit !== Number.POSITIVE_INFINITY) {
    throw new RangeError(`rateLimit must be a non-negative integer, 0 or Infinity to disable (got ${limit})`);
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new RangeError(`rateLimitWindowMs must be a positive number of milliseconds (got ${windowMs})`);
  }
}

/** Sliding-window limiter keyed by a key label. */
export class SlidingWindowRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  /**
   * @param limit Requests allowed per window; 0 or Infinity disables.
   * @param windowMs Window length in milliseconds.
   * @param now Clock, injectable for tests.
   */
  constructor(
    private limit: number = DEFAULT_RATE_LIMIT,
    private windowMs: number = DEFAULT_RATE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {
    checkRateLimitSettings(limit, windowMs);
  }

  /** Current limit (0 or Infinity when disabled). */
  get currentLimit(): number {
    return this.limit;
  }

  /** Current window in milliseconds. */
  get currentWindowMs(): number {
    return this.windowMs;
  }

  /** Changes the settings and forgets past requests, so a test starts from a full budget. */
  configure(limit: number, windowMs: number = this.windowMs): void {
    checkRateLimitSettings(limit, windowMs);
    this.limit = limit;
    this.windowMs = windowMs;
    this.accepted.clear();
  }

  /** Forgets past requests. */
  reset(): void {
    this.accepted.clear();
  }

  /** Counts one request for `key` if a slot is free, otherwise says how long to wait. */
  take(key: string): RateDecision {
    if (isRateLimitDisabled(this.limit)) return { allowed: true };
    const now = this.now();
    const times = this.accepted.get(key) ?? [];
    // Drop requests that left the window; timestamps are in arrival order.
    let expired = 0;
    while (expired < times.length && times[expired]! <= now - this.windowMs) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length < this.limit) {
      times.push(now);
      this.accepted.set(key, times);
      return { allowed: true };
    }
    // The oldest counted request within the window frees the next slot.
    const waitMs = times[times.length - this.limit]! + this.windowMs - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
