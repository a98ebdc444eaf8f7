/**
 * Injected faults: what they are, how they are validated, and the queue that
 * hands them to matching API requests.
 *
 * A fault is consumed by a `/v1` request only after it passed authentication
 * and the rate limiter (so it also counts toward the limit): requests with a
 * bad key never eat a fault, which keeps tests deterministic.
 */

/** Fields every fault may carry. */
export interface FaultScope {
  /** How many matching requests the fault answers before it is used up. Default 1. */
  times?: number;
  /**
   * Only requests whose path contains this substring (compared with both the
   * path as sent and its percent-decoded form, so `+1555...` matches `%2B1555...`).
   */
  path?: string;
}

/** Answer with this HTTP status. */
export interface StatusFault extends FaultScope {
  /** Discriminator. */
  kind: "status";
  /** Status code, 200-599 (e.g. 500, 502, 503, 504, 408, 429). */
  status: number;
  /** `json` (default): the usual error envelope; `html`: a proxy-style HTML page; `empty`: no body. */
  body?: "json" | "html" | "empty";
  /** Adds a `Retry-After` header (and `retryAfter` in a JSON body) with these seconds. */
  retryAfter?: number;
}

/** Accept the request and never answer (until the client gives up or the emulator closes). */
export interface HangFault extends FaultScope {
  /** Discriminator. */
  kind: "hang";
}

/** Answer 200 with a truncated JSON body. */
export interface MalformedFault extends FaultScope {
  /** Discriminator. */
  kind: "malformed";
}

/** Send 200 headers and part of the body, then destroy the socket. */
export interface ResetFault extends FaultScope {
  /** Discriminator. */
  kind: "reset";
}

/** Answer 200 with a valid-JSON body of exactly `bytes` bytes, streamed. */
export interface HugeFault extends FaultScope {
  /** Discriminator. */
  kind: "huge";
  /** Body size in bytes (up to 1 GiB). */
  bytes: number;
}

/** Answer exactly this status, body and headers (default content type JSON). */
export interface RawFault extends FaultScope {
  /** Discriminator. */
  kind: "raw";
  /** Status code, 200-599. */
  status: number;
  /** Body sent verbatim. */
  body: string;
  /** Extra headers; may override `content-type` and `x-request-id`. */
  headers?: Record<string, string>;
}

/** Any injectable fault. */
export type Fault = StatusFault | HangFault | MalformedFault | ResetFault | HugeFault | RawFault;

/** Thrown by {@link parseFault} for an invalid fault. */
export class FaultError extends Error {
  /** Always `"FaultError"`. */
  override readonly name = "FaultError";
}

function isStatusCode(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 200 && value <= 599;
}

function checkScope(fault: Record<string, unknown>): void {
  const { times, path } = fault;
  if (
    times !== undefined &&
    !(typeof times === "number" && times >= 1 && (Number.isInteger(times) || times === Infinity))
  ) {
    throw new FaultError(`fault.times must be a positive integer (got ${JSON.stringify(times)})`);
  }
  if (path !== undefined && (typeof path !== "string" || path === "")) {
    throw new FaultError("fault.path must be a non-empty string");
  }
}

/**
 * Validates an untrusted fault (e.g. from `POST /_emulator/faults`).
 * @throws FaultError describing the first problem.
 */
export function parseFault(value: unknown): Fault {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FaultError("a fault must be an object with a kind");
  }
  const fault = value as Record<string, unknown>;
  checkScope(fault);
  switch (fault.kind) {
    case "status":
      if (!isStatusCode(fault.status)) throw new FaultError("status fault needs status: an integer from 200 to 599");
      if (fault.body !== undefined && fault.body !== "json" && fault.body !== "html" && fault.body !== "empty") {
        throw new FaultError('status fault body must be "json", "html" or "empty"');
      }
      if (
        fault.retryAfter !== undefined &&
        !(typeof fault.retryAfter === "number" && Number.isInteger(fault.retryAfter) && fault.retryAfter >= 0)
      ) {
        throw new FaultError("status fault retryAfter must be a non-negative integer of seconds");
      }
      break;
    case "hang":
    case "malformed":
    case "reset":
      break;
    case "huge":
      if (!(
        typeof fault.bytes === "number" &&
        Number.isInteger(fault.bytes) &&
        fault.bytes >= 0 &&
        fault.bytes <= 2 ** 30
      )) {
        throw new FaultError("huge fault needs bytes: an integer from 0 to 1073741824");
      }
      break;
    case "raw": {
      if (!isStatusCode(fault.status)) throw new FaultError("raw fault needs status: an integer from 200 to 599");
      if (typeof fault.body !== "string") throw new FaultError("raw fault needs body: a string");
      const headers = fault.headers;
      if (headers !== undefined) {
        const ok =
          typeof headers === "object" &&
          headers !== null &&
          !Array.isArray(headers) &&
          Object.values(headers).every((v) => typeof v === "string");
        if (!ok) throw new FaultError("raw fault headers must be an object of string values");
      }
      break;
    }
    default:
      throw new FaultError(
        `unknown fault kind ${JSON.stringify(fault.kind)} (expected status, hang, malformed, reset, huge or raw)`,
      );
  }
  return { ...fault } as unknown as Fault;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

/** FIFO of faults; each matching request consumes one use of the first fault that matches it. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  /** Queues a validated copy of `fault`. @throws FaultError when invalid. */
  add(fault: Fault): void {
    const parsed = parseFault(fault);
    this.queue.push({ fault: parsed, remaining: parsed.times ?? 1 });
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue = [];
  }

  /** Queued faults with the uses left, oldest first. */
  pending(): Array<Fault & { remaining: number }> {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  /** Takes one use of the first fault matching the request path (`decodedPath` may be undefined if undecodable). */
  take(rawPath: string, decodedPath: string | undefined): Fault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        fault.path === undefined || rawPath.includes(fault.path) || (decodedPath?.includes(fault.path) ?? false),
    );
    if (index < 0) return undefined;
    const entry = this.queue[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}
