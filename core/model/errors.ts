import type { FailureField, PhoneNumberRecord } from "./phoneNumberRecord";
import { safeMessage } from "./redact";

/**
 * One class per failure a user can act on, all under {@link ChatmaidError}, so
 * callers can branch with `instanceof` or on `code`.
 */

/** Fields every Chatmaid error carries. */
export interface ChatmaidErrorFields {
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** Stable machine-readable code, e.g. `not_found`, `rate_limited`. */
  code: string;
  /** The `x-request-id` response header, to quote to Chatmaid support. */
  requestId?: string;
  /** The request that failed, as `GET /v1/phone-numbers/%2B1555...` (never the key). */
  request?: string;
}

/** Base class of every error this package throws about Chatmaid. */
export class ChatmaidError extends Error {
  /** HTTP status of the response, when there was one. */
  readonly status?: number;
  /** Stable machine-readable code, e.g. `not_found`, `rate_limited`. */
  readonly code: string;
  /** The `x-request-id` response header, to quote to Chatmaid support. */
  readonly requestId?: string;
  /** The request that failed, as `GET /v1/phone-numbers/%2B1555...` (never the key). */
  readonly request?: string;

  constructor(message: string, fields: ChatmaidErrorFields) {
    checkErrorArguments(new.target.name, message, fields);
    // The last pass before the message leaves the package: keys masked, no escape sequences.
    super(safeMessage(withRequestId(message, fields.requestId)));
    this.name = new.target.name;
    this.code = fields.code;
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.request !== undefined) this.request = fields.request;
  }
}

/**
 * The error classes are exported, so JavaScript callers may construct them
 * with anything: refuse what would make a broken error (no code, a status that
 * is not one), naming the field. A TypeError, not an InvalidInputError, which
 * would itself come through here.
 */
function checkErrorArguments(name: string, message: unknown, fields: unknown): void {
  const refuse = (what: string): never => {
    throw new TypeError(`new ${name}: ${what}.`);
  };
  if (typeof message !== "string") refuse("message must be a string");
  if (typeof fields !== "object" || fields === null) refuse("fields must be an object with at least a code");
  const f = fields as Record<string, unknown>;
  if (typeof f.code !== "string" || f.code === "") refuse("fields.code must be a non-empty string");
  if (
    f.status !== undefined &&
    !(Number.isInteger(f.status) && (f.status as number) >= 100 && (f.status as number) <= 999)
  )
    refuse("fields.status must be an HTTP status (a three-digit integer, 100 to 999)");
  for (const key of ["requestId", "request"] as const)
    if (f[key] !== undefined && typeof f[key] !== "string") refuse(`fields.${key} must be a string`);
}

function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (request id ${requestId})` : message;
}

/** The API key is missing, malformed, or was refused (401). */
export class AuthenticationError extends ChatmaidError {}

/** The key is valid but lacks the `phone_numbers:read` scope (403). */
export class PermissionDeniedError extends ChatmaidError {}

/** The phone number is not in the account that owns the key (404). */
export class NotFoundError extends ChatmaidError {
  /** The identifier that was looked up, as the caller gave it (normalized). */
  readonly identifier?: string;
  constructor(message: string, fields: ChatmaidErrorFields & { identifier?: string }) {
    super(message, fields);
    if (fields.identifier !== undefined) this.identifier = fields.identifier;
  }
}

/** The per-key rate limit was hit (429) and retrying did not help in time. */
export class RateLimitError extends ChatmaidError {
  /** Seconds the server asked us to wait, when it said. */
  readonly retryAfter?: number;
  constructor(message: string, fields: ChatmaidErrorFields & { retryAfter?: number }) {
    super(message, fields);
    if (fields.retryAfter !== undefined && !(Number.isFinite(fields.retryAfter) && fields.retryAfter >= 0))
      throw new TypeError("new RateLimitError: fields.retryAfter must be a number of seconds, 0 or more.");
    if (fields.retryAfter !== undefined) this.retryAfter = fields.retryAfter;
  }
}

/** Chatmaid or a proxy in front of it failed (5xx, or 408). */
export class ServerError extends ChatmaidError {}

/** Any other unexpected HTTP status (e.g. 400, 405). */
export class UnexpectedStatusError extends ChatmaidError {}

/** The request never got a response: DNS failure, refused or reset connection. */
export class ConnectionError extends ChatmaidError {}

/** A request attempt took longer than the configured timeout. */
export class TimeoutError extends ChatmaidError {}

/**
 * The request succeeded but the body breaks the API contract: not JSON, too
 * large, `success` not `true`, or a required field missing or mistyped.
 */
export class ResponseValidationError extends ChatmaidError {
  /** Path of the offending field, e.g. `data[3].connectionStatus`. */
  readonly fieldPath?: string;
  constructor(message: string, fields: ChatmaidErrorFields & { fieldPath?: string }) {
    super(message, fields);
    if (fields.fieldPath !== undefined) this.fieldPath = fields.fieldPath;
  }
}

/**
 * Where a refused value came from: a function argument, resource input or CLI
 * flag (`argument`), stack or provider config (`config`), or an environment
 * variable (`environment`).
 */
export type ValueOrigin = "argument" | "config" | "environment";

/**
 * Input refused before any request: a malformed identifier or argument, a key
 * with an unknown prefix, a bad base URL or setting, or a key for the wrong
 * environment.
 */
export class InvalidInputError extends ChatmaidError {
  /** Where the refused value came from, when it was a setting or argument. */
  readonly origin?: ValueOrigin;
  constructor(message: string, fields: ChatmaidErrorFields & { origin?: ValueOrigin }) {
    super(message, fields);
    if (fields.origin !== undefined) this.origin = fields.origin;
  }
}

/** A number that must be connected is not (from `requireConnected`). */
export class NotConnectedError extends ChatmaidError {
  /** Every number that failed the check. */
  readonly failures: readonly NotConnectedFailure[];
  constructor(message: string, failures: readonly NotConnectedFailure[]) {
    super(message, { code: "not_connected" });
    if (!Array.isArray(failures)) throw new TypeError("new NotConnectedError: failures must be an array.");
    this.failures = failures;
  }
}

/**
 * One number that failed a `requireConnected` check: the identifier asked for
 * and the record's fields as last seen (see `FAILURE_FIELDS`).
 */
export interface NotConnectedFailure extends Pick<PhoneNumberRecord, FailureField> {
  /** The identifier as the user gave it (normalized). */
  readonly identifier: string;
  /** True when the last status request did not answer before the wait's deadline, so the status is the one seen before. */
  readonly stale: boolean;
}
