/**
 * The one clock of a `check --wait` run. Progress lines, the summary, the
 * failure line, the interrupt line and `--json`'s `waitedSeconds` all read it,
 * and it stops once, so every figure a run prints is the same.
 */

/** Elapsed time since the run's wait began, frozen by {@link WaitClock.stop}. */
export class WaitClock {
  readonly #started: number;
  #stoppedAt: number | undefined;

  /** Starts the clock now (or at `started`, a `Date.now()` time). */
  constructor(started = Date.now()) {
    this.#started = started;
  }

  /** Milliseconds since the start, or until {@link stop} once stopped. */
  elapsedMs(): number {
    return (this.#stoppedAt ?? Date.now()) - this.#started;
  }

  /** Freezes the clock (the first call wins) and returns the elapsed milliseconds. */
  stop(): number {
    this.#stoppedAt ??= Date.now();
    return this.elapsedMs();
  }
}

/** Milliseconds as seconds with one decimal, the precision every printed wait time has. */
export function tenthsOfSeconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** `7.3 s`: how text shows a time read from the clock (`--json` shows the same {@link tenthsOfSeconds}). */
export function clockText(ms: number): string {
  return `${tenthsOfSeconds(ms).toFixed(1)} s`;
}
