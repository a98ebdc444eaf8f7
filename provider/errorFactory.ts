import {
  AuthenticationError,
  ChatmaidError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnexpectedStatusError,
} from "./errors";
import { redactKeys, UNSAFE_CHARACTERS } from "./redact";
import type { ErrorEnvelope } from "./schemas";
import { loadSchemas } from "./lazySchemas";

/** What the error factory needs to know about the failed call. */
export interface ErrorContext {
  /** `GET /v1/...`, never with the key. */
  readonly request: string;
  /** Where the key came from, e.g. `stack config chatmaid:apiKey`. */
  readonly keySource: string;
  /** The identifier looked up, for 404s. */
  readonly identifier?: string;
  /** Milliseconds the server asked to wait, when it said (429, 503). */
  readonly retryAfterMs?: number;
}

/** Parses an error body as the NestJS envelope; HTML, empty or odd bodies give `{}`. */
export function parseErrorEnvelope(text: string): ErrorEnvelope {
  try {
    const { errorEnvelopeSchema } = loadSchemas();
    const parsed = errorEnvelopeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Maps a non-2xx response to one error class per status, with a message that
 * says what happened, to what, and what to do.
 */
export function errorFromResponse(
  status: number,
  requestId: string | undefined,
  envelope: ErrorEnvelope,
  context: ErrorContext,
): ChatmaidError {
  const said = serverSaid(envelope);
  const fields = { status, requestId, request: context.request };
  switch (status) {
    case 401:
      return new AuthenticationError(
        `Chatmaid rejected the API key from ${context.keySource} (401${said}). ` +
          `Check the key is current in the Chatmaid dashboard, then set it again there ` +
          `(pulumi config set --secret chatmaid:apiKey <key>, or CHATMAID_API_KEY).`,
        { ...fields, code: "authentication_failed" },
      );
    case 403:
      return new PermissionDeniedError(
        `The API key from ${context.keySource} may not read phone numbers (403${said}). ` +
          `Give the key the phone_numbers:read scope (the legacy spelling phone-numbers:read also works) in the Chatmaid dashboard.`,
        { ...fields, code: "permission_denied" },
      );
    case 404:
      return new NotFoundError(
        context.identifier
          ? `Phone number ${context.identifier} was not found in the Chatmaid account of the key from ${context.keySource} (404${said}). ` +
              `Check the ID or E.164 number, and that the key belongs to the account (and environment) that owns it.`
          : `Chatmaid answered 404 for ${context.request}${said ? ` (${said.slice(2)})` : ""}. Check the base URL.`,
        { ...fields, code: "not_found", ...(context.identifier ? { identifier: context.identifier } : {}) },
      );
    case 429: {
      const retryAfter = context.retryAfterMs === undefined ? undefined : Math.ceil(context.retryAfterMs / 1000);
      return new RateLimitError(
        `Chatmaid's rate limit for the key from ${context.keySource} was exceeded (429${said})` +
          (retryAfter === undefined ? ". " : `; it asks to retry after ${retryAfter} s${retryTime(retryAfter)}. `) +
          `The limit (100 requests a minute by default) is shared by every stack and job using this key: run fewer at once, or lower chatmaid:maxRequestsPerMinute.`,
        { ...fields, code: "rate_limited", ...(retryAfter === undefined ? {} : { retryAfter }) },
      );
    }
    default:
      if (status >= 500 || status === 408) {
        return new ServerError(
          `Chatmaid (or a proxy in front of it) failed with ${status}${said} on ${context.request}` +
            (context.retryAfterMs === undefined
              ? ""
              : `; it asks to retry after ${Math.ceil(context.retryAfterMs / 1000)} s`) +
            `. This is usually transient: retry later, or contact Chatmaid support quoting the request id.`,
          { ...fields, code: status === 408 ? "request_timeout" : "server_error" },
        );
      }
      return new UnexpectedStatusError(
        `Chatmaid answered ${status}${said} to ${context.request}. Check the base URL and the package version.`,
        {
          ...fields,
          code: "unexpected_status",
        },
      );
  }
}

/**
 * ` (at <ISO time>)` for a wait a Date can represent; nothing for an absurd one
 * (`Retry-After: 99999999999999999999`), where `toISOString` would throw.
 */
function retryTime(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return Number.isNaN(at.getTime()) ? "" : ` (at ${at.toISOString()})`;
}

function serverSaid(envelope: ErrorEnvelope): string {
  const message = Array.isArray(envelope.message) ? envelope.message.join("; ") : envelope.message;
  const text = message ?? envelope.error;
  if (!text) return "";
  // Bound what a misbehaving server can put in our message.
  // A server (or a proxy, or a debug build) may echo the key it was sent: never repeat it.
  const clean = redactKeys(text.replace(UNSAFE_CHARACTERS, " ")).slice(0, 300);
  return `: ${clean}`;
}
