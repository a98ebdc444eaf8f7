import { ResponseValidationError } from "../model/errors";
import { redactKeys } from "../model/redact";

/**
 * Largest response body accepted. An account of 10,000 numbers is about 3 MB
 * of JSON; anything far beyond is a fault, and reading it would only waste
 * memory in a deploy.
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Reads a response body as text, refusing (and cancelling) one larger than
 * `limit` bytes so memory stays bounded whatever the server sends.
 */
export async function readBodyText(response: Response, request: string, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(request, limit, response);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(request, limit, response);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks, size).toString("utf8");
  // A UTF-8 byte order mark before the JSON is legal text, and JSON.parse would refuse it.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(request: string, limit: number, response: Response): ResponseValidationError {
  return new ResponseValidationError(
    `Chatmaid answered ${request} with a body over ${Math.round(limit / 1024 / 1024)} MiB; refused to read it. ` +
      `Check the base URL points at the Chatmaid API.`,
    requestFields(request, response, "body_too_large"),
  );
}

/** Common error fields from a response. */
export function requestFields(request: string, response: Response, code: string) {
  const requestId = responseRequestId(response);
  return { status: response.status, code, request, ...(requestId ? { requestId } : {}) };
}

/** Longest request id kept; real ones are `req_` and 16 hex characters. */
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The response's `x-request-id`, made safe to quote in a message: only
 * printable ASCII, at most 128 characters, echoed keys redacted. Undefined
 * when absent or empty.
 */
export function responseRequestId(response: Response): string | undefined {
  const raw = response.headers.get("x-request-id");
  if (raw === null) return undefined;
  const clean = redactKeys(raw.replace(/[^\x21-\x7e]/g, "")).slice(0, MAX_REQUEST_ID_LENGTH);
  return clean === "" ? undefined : clean;
}
