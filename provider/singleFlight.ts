/**
 * Shares one in-flight promise between concurrent callers asking for the same
 * key, so N simultaneous reads of one resource cost one request. Settled
 * promises are forgotten at once: caching results is the caller's choice.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** Runs `work` unless a call for `key` is already running, whose result is then shared. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** How many distinct keys are in flight (for tests and diagnostics). */
  get size(): number {
    return this.inFlight.size;
  }
}
