/**
 * The one rule every pacer of this package enforces, in-process or shared: at
 * most `limit` requests in any window of `windowMs` (a sliding-window log).
 * A server counting fixed windows or sliding ones never sees more than its
 * limit from a client that keeps it.
 */

/** Whose requests a window counts: one process's, or many processes' through a shared store. */
export type WindowScope = "process" | "shared";

/**
 * How long a counted request keeps counting: a little more than one window.
 * In one process a request counts from its answer (see RequestPacer), which
 * is after the server counted it, so a small margin for clocks is enough.
 * Across processes a request counts from when it was admitted, and a process
 * can be held up between that and sending it (starting up, its first
 * connection, a busy machine) while the others go on: a wider margin. For
 * Chatmaid's minute it is under a second either way.
 */
export function tokenReturnMs(windowMs: number, scope: WindowScope): number {
  const [least, share] = scope === "shared" ? [500, 0.02] : [10, 0.005];
  return windowMs + Math.min(1000, Math.max(least, windowMs * share));
}

/**
 * Drops from `times` (oldest first, pruned in place) what no longer counts at
 * `now`, and says whether `room` more fit.
 * @returns 0 when there is room, else the milliseconds until the oldest time that must leave does.
 */
export function waitForRoom(times: number[], now: number, room: number, windowMs: number, scope: WindowScope): number {
  const returnMs = tokenReturnMs(windowMs, scope);
  let expired = 0;
  while (expired < times.length && times[expired]! <= now - returnMs) expired++;
  if (expired > 0) times.splice(0, expired);
  if (times.length < room) return 0;
  if (room <= 0) return returnMs;
  return Math.max(1, times[times.length - room]! + returnMs - now);
}

/**
 * Counts one more request at `now` in `times` when the window has room.
 * @returns 0 when it was counted, else the milliseconds to wait before asking again.
 */
export function admitStart(times: number[], now: number, limit: number, windowMs: number, scope: WindowScope): number {
  const waitMs = waitForRoom(times, now, limit, windowMs, scope);
  if (waitMs === 0) times.push(now);
  return waitMs;
}
