/**
 * The request pipeline, top to bottom in this file: `getJson` runs each
 * attempt through the key's pacer; `receive` sends it with the per-attempt
 * timeout and reads the bounded body (responseBody.ts); a 2xx becomes JSON
 * (`parseSuccess`), anything else a typed error (`failure`, which maps status
 * and envelope to an error class in errorFactory.ts; a network failure is
 * named by networkErrors.ts); then the retry policy below decides whether and
 * when to try again (`Retry-After`, both forms, via httpDate.ts). Every call
 * is an idempotent GET, so every transient failure may be retried.
 */
import { ChatmaidError, ResponseValidationError, TimeoutError } from "../model/errors";
import { networkFailure } from "./networkErrors";
import { errorFromResponse, parseErrorEnvelope } from "./errorFactory";
import type { RequestPacer } from "./pacer";
import { readBodyText, requestFields, responseRequestId } from "./responseBody";
import { parseHttpDate } from "./httpDate";
import { sleep } from "./sleep";
import { USER_AGENT } from "./version";

// The retry policy: which failures are retried and how long to wait between attempts.

/** Statuses worth retrying: transient by nature, and every call here is an idempotent GET. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Longest wait the client accepts from a server; beyond it the call fails saying when to retry. */
export const MAX_RETRY_AFTER_MS = 60_000;

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Parses a `Retry-After` header (delay-seconds: digits only, or an HTTP date)
 * or, without a usable header, a body's `retryAfter` seconds, into
 * milliseconds from `now`. Returns `undefined` when neither says anything
 * usable (`-5`, `1, 2`, `soon`): the normal backoff applies then.
 */
export function parseRetryAfterMs(
  header: string | null | undefined,
  bodySeconds: number | undefined,
  now = Date.now(),
): number | undefined {
  const text = (header ?? "").replace(/^[ \t]+|[ \t]+$/g, "");
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Math.min(Math.ceil(Number(text) * 1000), Number.MAX_SAFE_INTEGER);
  const date = parseHttpDate(text, now);
  if (date !== undefined) return Math.max(0, date - now);
  if (typeof bodySeconds === "number" && Number.isFinite(bodySeconds) && bodySeconds >= 0) {
    return Math.ceil(bodySeconds * 1000);
  }
  return undefined;
}

/**
 * Exponential backoff with bounded jitter for retry `attempt` (1-based):
 * 500 ms, 1 s, 2 s ... capped at 8 s, each scaled by a factor in [0.75, 1].
 * Jitter spreads concurrent retries; it is never applied to a server's delay.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + 0.25 * random()));
}

/** Everything one GET needs; built by the client, never logged (it holds the key). */
export interface TransportRequest {
  /** Full URL. */
  readonly url: string;
  /** Path for messages, e.g. `/v1/phone-numbers/%2B15551234567`. */
  readonly path: string;
  readonly apiKey: string;
  readonly keySource: string;
  readonly identifier?: string;
  /** The normalized base URL, for messages. */
  readonly baseUrl: string;
  /** The proxy the fetch goes through, as `http://host:port`, for messages. */
  readonly proxy?: string;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly pacer: RequestPacer;
  /** Told about each retry, for progress output. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Abandons the request (queued, in flight or between retries), rejecting with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** A retry about to happen. */
export interface RetryNotice {
  /** The request, e.g. `GET /v1/phone-numbers`. */
  readonly request: string;
  /** 1 for the first retry. */
  readonly attempt: number;
  /** How long until it is sent. */
  readonly delayMs: number;
  /** Why: an HTTP status or an error code. */
  readonly reason: string;
}

/** A parsed 2xx JSON body with its request id. */
export interface TransportResponse {
  readonly body: unknown;
  readonly requestId?: string;
}

type Attempt =
  | { ok: true; response: TransportResponse }
  | { ok: false; error: ChatmaidError; retryable: boolean; delayMs?: number; serverDelay: boolean };

/**
 * GETs a JSON document with retries (408, 429, 5xx, network errors and
 * timeouts: every call here is an idempotent GET), a per-attempt timeout, a
 * bounded body, and typed errors. Each attempt goes through the key's pacer.
 */
export async function getJson(req: TransportRequest): Promise<TransportResponse> {
  const request = `GET ${req.path}`;
  for (let attempt = 0; ; attempt++) {
    const result = await req.pacer.run(async () => {
      const outcome = await attemptOnce(req, request);
      // Every request for this key waits out a 429, not just this one; pause
      // before this slot is released so no queued request slips through.
      if (!outcome.ok && outcome.retryable && outcome.delayMs !== undefined && outcome.error.status === 429)
        req.pacer.pauseFor(outcome.delayMs);
      return outcome;
    }, req.signal);
    if (result.ok) return result.response;
    if (!result.retryable || attempt >= req.maxRetries) throw result.error;
    const delayMs = result.delayMs ?? backoffDelayMs(attempt + 1);
    if (result.serverDelay && result.error.status === 429) {
      req.onRetry?.({ request, attempt: attempt + 1, delayMs, reason: "429" });
    } else {
      req.onRetry?.({
        request,
        attempt: attempt + 1,
        delayMs,
        reason: result.error.status ? String(result.error.status) : result.error.code,
      });
      await sleep(delayMs, req.signal);
    }
  }
}

async function attemptOnce(req: TransportRequest, request: string): Promise<Attempt> {
  const received = await receive(req, request);
  if (!received.ok) return received;
  // Interpreting the answer happens outside the network try/catch: a failure
  // here is not a network error, and must be neither reported nor retried as one.
  const { response, text } = received;
  return response.ok ? parseSuccess(text, response, request) : failure(response, text, req, request);
}

/** Sends the request and reads the (bounded) body within the attempt's timeout. */
async function receive(
  req: TransportRequest,
  request: string,
): Promise<{ ok: true; response: Response; text: string } | (Attempt & { ok: false })> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
  try {
    const response = await req.fetch(req.url, {
      method: "GET",
      headers: { authorization: `Bearer ${req.apiKey}`, accept: "application/json", "user-agent": USER_AGENT },
      signal,
      // A redirect comes back as a 3xx answer, reported and never followed: the key must not go elsewhere.
      redirect: "manual",
    });
    const text = await readBodyText(response, request);
    return { ok: true, response, text };
  } catch (error) {
    // The caller gave up (a deadline, a cancelled deployment): not a failure of Chatmaid's.
    if (req.signal?.aborted) throw req.signal.reason;
    if (error instanceof ChatmaidError) return { ok: false, error, retryable: false, serverDelay: false };
    if (controller.signal.aborted) {
      return {
        ok: false,
        retryable: true,
        serverDelay: false,
        error: new TimeoutError(
          `Chatmaid did not answer ${request} within ${req.timeoutMs} ms. Check the network and base URL, or raise the timeout.`,
          { code: "timeout", request },
        ),
      };
    }
    const failed = networkFailure(error, { request, url: req.url, ...(req.proxy ? { proxy: req.proxy } : {}) });
    return { ok: false, serverDelay: false, ...failed };
  } finally {
    clearTimeout(timer);
  }
}

function parseSuccess(text: string, response: Response, request: string): Attempt {
  try {
    const requestId = responseRequestId(response);
    return { ok: true, response: { body: JSON.parse(text), ...(requestId ? { requestId } : {}) } };
  } catch {
    return {
      ok: false,
      retryable: false,
      serverDelay: false,
      error: new ResponseValidationError(
        `Chatmaid answered ${request} with ${response.status} but the body is not valid JSON (${text.length} bytes). ` +
          `Check the base URL points at the Chatmaid API; if it does, report this to Chatmaid with the request id.`,
        requestFields(request, response, "invalid_json"),
      ),
    };
  }
}

function failure(response: Response, text: string, req: TransportRequest, request: string): Attempt {
  const envelope = parseErrorEnvelope(text);
  const retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after"), envelope?.retryAfter);
  const requestId = responseRequestId(response);
  const error = errorFromResponse(response.status, requestId, envelope, {
    request,
    path: req.path,
    baseUrl: req.baseUrl,
    location: response.headers.get("location"),
    keySource: req.keySource,
    ...(req.identifier ? { identifier: req.identifier } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
  const retryable = RETRYABLE_STATUSES.has(response.status);
  if (retryable && retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
    // Never sleep for an hour inside a deploy: fail now, saying when to retry.
    return { ok: false, retryable: false, serverDelay: true, error };
  }
  return {
    ok: false,
    error,
    retryable,
    serverDelay: retryAfterMs !== undefined,
    ...(retryAfterMs === undefined ? {} : { delayMs: retryAfterMs }),
  };
}
