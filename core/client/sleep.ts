/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason as
 * soon as it aborts (the timer is cleared, so nothing is left behind).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = (): void => {
      signal?.removeEventListener("abort", cancel);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    const cancel = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", cancel, { once: true });
  });
}
