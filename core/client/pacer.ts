import { waitForRoom } from "./slidingWindow";

/**
 * Paces requests for one API key: at most `maxConcurrency` at once and at most
 * `maxRequests` in any `windowMs` (a sliding window, see slidingWindow.ts):
 * a request counts while it is in flight and for one window after its answer,
 * so however long it took to reach the server, the server never counts more. After a 429, `pauseFor` holds every request for the key
 * until the server's `Retry-After` has passed, instead of each request
 * discovering the limit for itself. With a `shared` gate, each request that
 * passes this process's pacing also waits for the budget shared with other
 * processes, and a pause is told to them too.
 */
export interface PacerOptions {
  /** Requests in flight at once. Default 4. */
  readonly maxConcurrency?: number;
  /** Requests allowed to start per window. Default 100 (Chatmaid's documented limit). */
  readonly maxRequests?: number;
  /** The window in milliseconds. Default 60 000. */
  readonly windowMs?: number;
  /** The budget shared with other processes using the key (the machine store or Redis), if any. */
  readonly shared?: SharedGate;
}

/** A budget shared with other processes: see `KeyStore`. */
export interface SharedGate {
  /** Resolves once the shared budget admits one more request; rejects with the signal's reason on abort. */
  take(signal?: AbortSignal): Promise<void>;
  /** Tells every process sharing the budget to hold new requests for `ms`. */
  pause(ms: number): void;
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
  /** When recent answers arrived, oldest first: each counts for one window (with `active`, the window's use). */
  private readonly answered: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private readonly shared: SharedGate | undefined;

  constructor(options: PacerOptions = {}) {
    this.maxConcurrency = positive(options.maxConcurrency, DEFAULT_MAX_CONCURRENCY);
    this.maxRequests = positive(options.maxRequests, DEFAULT_MAX_REQUESTS_PER_MINUTE);
    this.windowMs = positive(options.windowMs, 60_000);
    this.shared = options.shared;
  }

  /**
   * Runs `work` when a slot and a token are free; the slot is held until it
   * settles. A request whose signal aborts while it waits leaves the queue
   * without spending anything and rejects with the signal's reason. With a
   * shared gate, the slot is held while the shared budget is waited for.
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
      await this.shared?.take(signal);
      return await work();
    } finally {
      this.active--;
      this.answered.push(Date.now());
      this.pump();
    }
  }

  /** Holds every request not yet started until `ms` from now (a server-chosen wait). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.max(0, ms));
    this.shared?.pause(ms);
    this.pump();
  }

  /** Requests waiting for a slot or token (for diagnostics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const now = Date.now();
      if (now < this.pausedUntil) return this.wakeAt(this.pausedUntil);
      if (this.active >= this.maxConcurrency) return; // a finishing request pumps again
      // Requests in flight use the window too; one finishing pumps again.
      const room = this.maxRequests - this.active;
      if (room <= 0) return;
      const waitMs = waitForRoom(this.answered, now, room, this.windowMs, "process");
      if (waitMs > 0) return this.wakeAt(now + waitMs);
      this.active++;
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
