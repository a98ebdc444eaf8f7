import {
  AuthenticationError,
  ChatmaidError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnexpectedStatusError,
} from "../model/errors";
import { loadSchemas } from "../model/loadApiSchemas";
import { safeText } from "../model/redact";
import type { ErrorEnvelope } from "../model/apiSchemas";

/** What the error factory needs to know about the failed call. */
export interface ErrorContext {
  /** `GET /v1/...`, never with the key. */
  readonly request: string;
  /** The request's path, e.g. `/v1/phone-numbers/%2B15551234567`. */
  readonly path: string;
  /** The normalized base URL the request went to. */
  readonly baseUrl: string;
  /** Where the key came from, e.g. `stack config chatmaid:apiKey`. */
  readonly keySource: string;
  /** The identifier looked up, for a number path (`/:id`, `/:id/status`). */
  readonly identifier?: string;
  /** Milliseconds the server asked to wait, when it said (429, 503). */
  readonly retryAfterMs?: number;
  /** The `Location` header of a redirect. */
  readonly location?: string | null;
}

/**
 * Parses an error body as the NestJS-style envelope. `undefined` for anything
 * that is not a JSON object of that shape: an HTML page, an empty or odd body.
 */
export function parseErrorEnvelope(text: string): ErrorEnvelope | undefined {
  try {
    const { errorEnvelopeSchema } = loadSchemas();
    const parsed = errorEnvelopeSchema.safeParse(JSON.parse(text.replace(/^\uFEFF/, "")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps a non-2xx response to one error class per status, with a message that
 * says what happened, to what, and what to do.
 */
export function errorFromResponse(
  status: number,
  requestId: string | undefined,
  envelope: ErrorEnvelope | undefined,
  context: ErrorContext,
): ChatmaidError {
  const said = serverSaid(envelope);
  const fields = { status, requestId, request: context.request };
  if (status >= 300 && status < 400) return redirect(status, context, fields);
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
      return notFound(envelope, context, fields, said);
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
      if ((status >= 500 && status <= 599) || status === 408) {
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
        `Chatmaid answered ${status}${said} to ${context.request}` +
          (status < 100 || status > 599 ? ", which is not an HTTP status at all" : "") +
          `. Check the base URL (${context.baseUrl}) points at the Chatmaid API, and the package version.`,
        { ...fields, code: "unexpected_status" },
      );
  }
}

/**
 * Only Chatmaid's own "not found" (its error envelope, for a number path)
 * means the number is not in the account. A 404 from anything else (a
 * gateway's HTML page, a route that does not exist because the base URL has
 * an extra path, another server's error) is a configuration problem: reading
 * it as "the number is gone" would drop resources from state on refresh.
 */
function notFound(
  envelope: ErrorEnvelope | undefined,
  context: ErrorContext,
  fields: { status: number; requestId: string | undefined; request: string },
  said: string,
): ChatmaidError {
  const why = notChatmaidNotFound(envelope, context);
  if (why === undefined && context.identifier !== undefined) {
    return new NotFoundError(
      `Phone number ${safeText(context.identifier)} was not found in the Chatmaid account of the key from ${context.keySource} (404${said}). ` +
        `Check the ID or E.164 number, and that the key belongs to the account (and environment) that owns it.`,
      { ...fields, code: "not_found", identifier: context.identifier },
    );
  }
  return new UnexpectedStatusError(
    `Got 404 for ${context.request} from ${context.baseUrl}, but not Chatmaid's "not found": ${why ?? "the list of numbers itself was not found"}${said}. ` +
      `The base URL ${context.baseUrl} does not lead to the Chatmaid API: check chatmaid:baseUrl / CHATMAID_BASE_URL / --base-url ` +
      `(https://developers-api.chatmaid.net, with or without /v1) and any gateway or proxy in between.`,
    { ...fields, code: "base_url_not_found" },
  );
}

/** Why a 404 is not Chatmaid's "no such number", or `undefined` when it is. */
function notChatmaidNotFound(envelope: ErrorEnvelope | undefined, context: ErrorContext): string | undefined {
  if (context.identifier === undefined) return "the list of numbers itself was not found";
  if (envelope === undefined)
    return "the answer is not Chatmaid's JSON error envelope (an HTML page, or another server)";
  if (envelope.success === true) return "the answer is not an error envelope";
  if (envelope.statusCode !== undefined && envelope.statusCode !== 404) {
    return `the envelope says ${envelope.statusCode}, not 404`;
  }
  if (envelope.statusCode === undefined && envelope.success !== false)
    return "the answer is not Chatmaid's error envelope";
  const message = [envelope.message ?? envelope.error ?? ""].flat().join(" ");
  // NestJS answers an unknown route this way: the path (base URL) is wrong, not the number.
  if (/^Cannot [A-Z]+ /.test(message)) return "the server has no such route";
  if (envelope.path !== undefined && !samePath(envelope.path, context.path)) {
    return "the envelope is about another path";
  }
  return undefined;
}

/** Whether the envelope's path is the request's, allowing for a prefix a gateway added or stripped. */
function samePath(reported: string, asked: string): boolean {
  const decode = (p: string): string => {
    try {
      return decodeURIComponent(p.split("?")[0]!).replace(/\/+$/, "");
    } catch {
      return p;
    }
  };
  const a = decode(reported);
  const b = decode(asked);
  return a.endsWith(b) || b.endsWith(a);
}

/** A redirect is never followed: the key would go wherever it points. */
function redirect(
  status: number,
  context: ErrorContext,
  fields: { status: number; requestId: string | undefined; request: string },
): UnexpectedStatusError {
  const to = context.location ? ` to ${safeText(context.location.replace(/[?#].*$/s, ""), 100)}` : "";
  return new UnexpectedStatusError(
    `Chatmaid answered ${context.request} with a redirect (${status})${to}; redirects are never followed, so the API key is never sent elsewhere. ` +
      `Check the base URL (${context.baseUrl}); if the new address is Chatmaid's, set it as the base URL.`,
    { ...fields, code: "redirect" },
  );
}

/**
 * ` (at <ISO time>)` for a wait a Date can represent; nothing for an absurd one
 * (`Retry-After: 99999999999999999999`), where `toISOString` would throw.
 */
function retryTime(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return Number.isNaN(at.getTime()) ? "" : ` (at ${at.toISOString()})`;
}

/** `: <what the server said>`, made safe and bounded, or nothing. */
function serverSaid(envelope: ErrorEnvelope | undefined): string {
  const message = Array.isArray(envelope?.message) ? envelope.message.join("; ") : envelope?.message;
  const text = message ?? envelope?.error;
  return text ? `: ${safeText(text, 300)}` : "";
}
