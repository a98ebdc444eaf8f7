interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  /** Callers still waiting; a caller without a signal never leaves. */
  waiters: number;
}

/**
 * Shares one in-flight promise between concurrent callers asking for the same
 * key, so N simultaneous reads of one resource cost one request. Settled
 * promises are forgotten at once: caching results is the caller's choice.
 *
 * A caller may leave early through its `AbortSignal`; the shared work itself
 * is aborted only when every caller has left, so one caller's deadline never
 * cancels a request another caller still waits for.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Flight<T>>();

  /** Runs `work` unless a call for `key` is already running, whose result is then shared. */
  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const promise = work(controller.signal).finally(() => {
        if (this.inFlight.get(key) === created) this.inFlight.delete(key);
      });
      // Each caller handles the outcome on its own promise; this one may be left with no caller at all.
      promise.catch(() => undefined);
      const created: Flight<T> = { promise, controller, waiters: 0 };
      flight = created;
      this.inFlight.set(key, created);
    }
    return this.join(key, flight, signal);
  }

  /** How many distinct keys are in flight (for tests and diagnostics). */
  get size(): number {
    return this.inFlight.size;
  }

  private join(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        flight.waiters--;
        if (flight.waiters === 0) {
          if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
          flight.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener("abort", leave, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener("abort", leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", leave);
          reject(error);
        },
      );
    });
  }
}
