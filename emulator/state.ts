/**
 * Everything the routes share: numbers, rate limiter, fault queue, journal,
 * latency. One object so the programmatic API and the control routes change
 * the same state.
 */
import type { NormalizedData } from "./dataFile";
import { FaultQueue } from "./faults";
import { RequestJournal } from "./journal";
import { SlidingWindowRateLimiter } from "./rateLimiter";
import { PhoneNumberStore } from "./store";

/** Settings for {@link EmulatorState}. */
export interface EmulatorStateOptions {
  /** Initial numbers. */
  data: NormalizedData;
  /** Requests per window per key; 0 or Infinity disables. */
  rateLimit: number;
  /** Window length in ms. */
  rateLimitWindowMs: number;
  /** Delay before every API answer, in ms. */
  latencyMs: number;
  /** Polls a `connecting` number answers before turning `connected`. */
  connectingPolls: number;
  /** Request log sink. */
  log: ((line: string) => void) | undefined;
  /** Cap on recorded requests. */
  maxRecordedRequests: number;
}

/** Shared mutable state of one emulator. */
export class EmulatorState {
  /** Phone numbers of both accounts. */
  readonly store: PhoneNumberStore;
  /** Per-key rate limiter. */
  readonly limiter: SlidingWindowRateLimiter;
  /** Pending injected faults. */
  readonly faults = new FaultQueue();
  /** Recorded requests and log. */
  readonly journal: RequestJournal;
  /** Delay before every API answer, in ms. */
  latencyMs: number;

  constructor(private readonly options: EmulatorStateOptions) {
    this.store = new PhoneNumberStore(cloneData(options.data), options.connectingPolls);
    this.limiter = new SlidingWindowRateLimiter(options.rateLimit, options.rateLimitWindowMs);
    this.journal = new RequestJournal(options.log, options.maxRecordedRequests);
    this.latencyMs = options.latencyMs;
  }

  /** Back to the starting numbers and settings; clears faults, recorded requests and rate counters. */
  reset(): void {
    this.store.load(cloneData(this.options.data));
    this.store.connectingPolls = this.options.connectingPolls;
    this.limiter.configure(this.options.rateLimit, this.options.rateLimitWindowMs);
    this.faults.clear();
    this.journal.clear();
    this.latencyMs = this.options.latencyMs;
  }
}

function cloneData(data: NormalizedData): NormalizedData {
  return { test: data.test.map((n) => ({ ...n })), live: data.live.map((n) => ({ ...n })) };
}

/** Throws a RangeError unless `ms` is a non-negative finite number. */
export function checkLatency(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latencyMs must be a non-negative number (got ${ms})`);
}
