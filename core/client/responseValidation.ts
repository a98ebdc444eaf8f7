import type { z } from "zod";
import { ResponseValidationError } from "../model/errors";
import { formatPath } from "../model/issuePath";

/**
 * Validates a 2xx body against a schema. A body that breaks the contract is a
 * {@link ResponseValidationError} naming the first bad field: the request
 * succeeded, the data did not.
 */
export function validateBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  request: string,
  requestId: string | undefined,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const fieldPath = formatPath(issue.path);
  const problem =
    body !== null &&
    typeof body === "object" &&
    (body as { success?: unknown }).success !== true &&
    fieldPath === "success"
      ? `"success" is ${showSuccess((body as { success?: unknown }).success)}, not true`
      : `${fieldPath || "the body"}: ${issue.message}`;
  return fail(
    `Chatmaid's answer to ${request} does not match the API contract (${problem}). ` +
      `Check the base URL points at the Chatmaid API; if it does, report this to Chatmaid with the request id.`,
    fieldPath,
    request,
    requestId,
  );
}

function fail(message: string, fieldPath: string, request: string, requestId: string | undefined): never {
  throw new ResponseValidationError(message, {
    code: "invalid_response",
    request,
    fieldPath,
    ...(requestId ? { requestId } : {}),
  });
}

/**
 * What `success` held, without repeating it: a server could put anything
 * there, the key it was sent included.
 */
function showSuccess(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null || typeof value === "boolean") return String(value);
  const kind = Array.isArray(value) ? "array" : typeof value;
  return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}
