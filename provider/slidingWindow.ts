/**
 * The one rule every pacer of this package enforces, in-process or shared: at
 * most `limit` requests start in any window of `windowMs` (a sliding-window
 * log). A server counting fixed windows or sliding ones never sees more than
 * its limit from a client that keeps it.
 */

/** Whose starts a window counts: one process's, or many processes' through a shared store. */
export type WindowScope = "process" | "shared";

/**
 * How long after its start a request stops counting: a little more than one
 * window, because the server counts arrivals, and a request on a warm
 * connection can arrive sooner after its start than the one it replaces did.
 * Across processes the margin is wider: a process can be held up between
 * counting a start and sending it (starting up, its first connection, a busy
 * machine) while the others go on. For Chatmaid's minute both are one second.
 */
export function tokenReturnMs(windowMs: number, scope: WindowScope = "process"): number {
  const least = scope === "shared" ? 300 : 50;
  return windowMs + Math.min(1000, Math.max(least, windowMs * 0.02));
}

/**
 * Counts one more start at `now` in `starts` (start times, oldest first,
 * pruned in place) when the window has room.
 * @returns 0 when the start was counted, else the milliseconds until the oldest counted start leaves the window.
 */
export function admitStart(
  starts: number[],
  now: number,
  limit: number,
  windowMs: number,
  scope: WindowScope = "process",
): number {
  const returnMs = tokenReturnMs(windowMs, scope);
  let expired = 0;
  while (expired < starts.length && starts[expired]! <= now - returnMs) expired++;
  if (expired > 0) starts.splice(0, expired);
  if (starts.length < limit) {
    starts.push(now);
    return 0;
  }
  return Math.max(1, starts[starts.length - limit]! + returnMs - now);
}
