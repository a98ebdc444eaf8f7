/**
 * Paces requests for one API key: at most `maxConcurrency` at once and at most
 * `maxRequests` started in any `windowMs` (a token bucket whose tokens come
 * back one window after they were spent, so a server counting either fixed or
 * sliding windows never sees more than its limit). After a 429, `pauseFor`
 * holds every request for the key until the server's `Retry-After` has passed,
 * instead of each request discovering the limit for itself.
 */
export interface PacerOptions {
  /** Requests in flight at once. Default 4. */
  readonly maxConcurrency?: number;
  /** Requests allowed to start per window. Default 100 (Chatmaid's documented limit). */
  readonly maxRequests?: number;
  /** The window in milliseconds. Default 60 000. */
  readonly windowMs?: number;
}

/** Chatmaid's documented limit: 100 requests per minute per key. */
export const DEFAULT_MAX_REQUESTS_PER_MINUTE = 100;
/** Requests in flight at once per key, by default. */
export const DEFAULT_MAX_CONCURRENCY = 4;

/** The per-key pacer: see {@link PacerOptions} for what it enforces. */
export class RequestPacer {
  readonly maxConcurrency: number;
  readonly maxRequests: number;
  readonly windowMs: number;
  private active = 0;
  private readonly starts: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;

  constructor(options: PacerOptions = {}) {
    this.maxConcurrency = positive(options.maxConcurrency, DEFAULT_MAX_CONCURRENCY);
    this.maxRequests = positive(options.maxRequests, DEFAULT_MAX_REQUESTS_PER_MINUTE);
    this.windowMs = positive(options.windowMs, 60_000);
  }

  /**
   * Runs `work` when a slot and a token are free; the slot is held until it
   * settles. A request whose signal aborts while it waits leaves the queue
   * without spending anything and rejects with the signal's reason.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted();
      const start = (): void => {
        signal?.removeEventListener("abort", leave);
        resolve();
      };
      const leave = (): void => {
        const at = this.waiting.indexOf(start);
        if (at >= 0) this.waiting.splice(at, 1);
        // Nothing queued any more: no timer may keep the process alive.
        if (this.waiting.length === 0 && this.timer) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", leave, { once: true });
      this.waiting.push(start);
      this.pump();
    });
    try {
      return await work();
    } finally {
      this.active--;
      this.pump();
    }
  }

  /** Holds every request not yet started until `ms` from now (a server-chosen wait). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.max(0, ms));
    this.pump();
  }

  /** Requests waiting for a slot or token (for diagnostics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  // A token comes back a little after one window: the server counts arrivals,
  // and a request on a warm connection can arrive sooner after its start than
  // the one it replaces did.
  private get tokenReturnMs(): number {
    return this.windowMs + Math.min(1000, Math.max(50, this.windowMs * 0.02));
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const now = Date.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - this.tokenReturnMs) this.starts.shift();
      if (now < this.pausedUntil) return this.wakeAt(this.pausedUntil);
      if (this.active >= this.maxConcurrency) return; // a finishing request pumps again
      if (this.starts.length >= this.maxRequests) return this.wakeAt(this.starts[0]! + this.tokenReturnMs);
      this.active++;
      this.starts.push(now);
      this.waiting.shift()!();
    }
  }

  // One timer at a time, for the earliest moment something could start. It is
  // not unref'd: a CLI waiting out a rate limit must not exit mid-wait. It only
  // exists while requests are queued, so nothing is left behind.
  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, at - Date.now()),
    );
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
