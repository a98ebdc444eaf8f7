/**
 * One request/response pair: request id, safe path, key label, and helpers
 * that answer with JSON or the NestJS-style error envelope and record the
 * result exactly once.
 */
import { randomBytes } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import { keyLabelFor } from "./accounts";
import type { RequestJournal } from "./journal";

/** How much of a `User-Agent` the journal keeps. */
const MAX_USER_AGENT_LENGTH = 200;

/** The real service's error body. */
export interface ErrorEnvelope {
  /** Always false. */
  success: false;
  /** Status text, e.g. `Not Found`. */
  error: string;
  /** Human-readable reason. */
  message: string | string[];
  /** Same as the HTTP status. */
  statusCode: number;
  /** ISO time of the answer. */
  timestamp: string;
  /** Request path as sent (no query string). */
  path: string;
  /** Seconds to wait, on 429 only. */
  retryAfter?: number;
}

/** A fresh `x-request-id` value: `req_` + 16 hex characters. */
export function newRequestId(): string {
  return `req_${randomBytes(8).toString("hex")}`;
}

/** Builds the error envelope for `status`. */
export function errorEnvelope(status: number, message: string | string[], path: string): ErrorEnvelope {
  return {
    success: false,
    error: STATUS_CODES[status] ?? "Error",
    message,
    statusCode: status,
    timestamp: new Date().toISOString(),
    path,
  };
}

/** Content type of every JSON answer. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** A request being answered. */
export class Exchange {
  /** Sent back as `x-request-id`. */
  readonly requestId = newRequestId();
  /** Arrival time (ms since epoch). */
  readonly startedAt = Date.now();
  /** Path as sent, without the query string. */
  readonly path: string;
  /** Known key name or `"unknown"`; the key itself is never kept. */
  readonly keyLabel: string;
  private recorded = false;

  /**
   * @param req The request (its `req` field).
   * @param res The response (its `res` field).
   * @param journal Where the outcome is recorded and logged.
   * @param keep Whether the request goes into the recorded requests (API traffic) or only the log (control routes).
   */
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly journal: RequestJournal,
    private readonly keep: boolean,
  ) {
    this.path = (req.url ?? "/").split("?")[0] ?? "/";
    this.keyLabel = keyLabelFor(req.headers.authorization);
    res.setHeader("x-request-id", this.requestId);
  }

  /** True once the answer can no longer be written. */
  get done(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }

  /** Records the outcome once (status 0 = nothing answered). */
  record(status: number, fault?: string): void {
    if (this.recorded) return;
    this.recorded = true;
    const userAgent = this.req.headers["user-agent"]?.slice(0, MAX_USER_AGENT_LENGTH);
    const entry = {
      method: this.req.method ?? "GET",
      path: this.path,
      status,
      keyLabel: this.keyLabel,
      at: new Date(this.startedAt).toISOString(),
      requestId: this.requestId,
      ...(userAgent === undefined ? {} : { userAgent }),
      ...(fault === undefined ? {} : { fault }),
    };
    this.journal.add(entry, Date.now() - this.startedAt, this.keep);
  }

  /** Answers `body` as JSON. */
  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.done) return;
    const text = JSON.stringify(body);
    this.res.writeHead(status, { ...headers, "content-type": JSON_TYPE, "content-length": Buffer.byteLength(text) });
    this.res.end(text);
    this.record(status);
  }

  /** Answers `{ success: true, data }`. */
  ok(data: unknown, status = 200): void {
    this.json(status, { success: true, data });
  }

  /** Answers the error envelope, plus `extra` body fields and headers. */
  error(
    status: number,
    message: string,
    extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ): void {
    this.json(status, { ...errorEnvelope(status, message, this.path), ...extra.body }, extra.headers);
  }
}
