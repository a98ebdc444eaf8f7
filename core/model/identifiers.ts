import { InvalidInputError } from "./errors";
import { quoteInput } from "./redact";

/** A validated phone identifier, ready to put in a request path. */
export interface PhoneIdentifier {
  /** `id` for an internal ID, `e164` for a phone number. */
  readonly kind: "id" | "e164";
  /** Normalized value: lowercase hex ID, or `+` and digits. */
  readonly value: string;
  /** The value URL-encoded as one path segment (`+` as `%2B`). */
  readonly pathSegment: string;
}

const INTERNAL_ID = /^[0-9a-fA-F]{24}$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;
// Only the separators people type in a phone number; anything else stays and fails.
const FRIENDLY_SEPARATORS = /[ \t.\-()]/g;
const MAX_INPUT_LENGTH = 64;

/**
 * Validates and normalizes a phone identifier: an internal ID (24 hexadecimal
 * characters) or an E.164 number (`+`, first digit 1-9, 7 to 15 digits).
 * Friendly formatting is removed (`" +1 (555) 123-4567 "` -> `+15551234567`).
 * Anything else throws {@link InvalidInputError} before any request is made.
 */
export function parsePhoneIdentifier(input: unknown): PhoneIdentifier {
  if (typeof input !== "string") {
    throw invalidIdentifier(`(${showNonString(input)})`, "it is not a string");
  }
  if (input.length > MAX_INPUT_LENGTH) {
    throw invalidIdentifier(quoteInput(input), `it is ${input.length} characters long`);
  }
  const trimmed = input.trim();
  if (INTERNAL_ID.test(trimmed)) {
    const value = trimmed.toLowerCase();
    return { kind: "id", value, pathSegment: value };
  }
  const compact = trimmed.replace(FRIENDLY_SEPARATORS, "");
  if (E164.test(compact)) {
    return { kind: "e164", value: compact, pathSegment: encodeURIComponent(compact) };
  }
  return throwFor(input, trimmed, compact);
}

/**
 * The identifier of a record Chatmaid returned, for reading it again (e.g.
 * polling its status). Not parsed: the ID is Chatmaid's own, whatever its form.
 */
export function recordIdentifier(record: { readonly id: string }): PhoneIdentifier {
  return { kind: "id", value: record.id, pathSegment: encodeURIComponent(record.id) };
}

/**
 * An identifier handed to an exported method: a string is parsed; a
 * PhoneIdentifier object is rebuilt from its `kind` and `value`, so a path
 * segment that does not match its value (a JavaScript caller's own object)
 * never reaches a URL.
 * @throws InvalidInputError naming `callee` for anything else.
 */
export function identifierAtEdge(callee: string, input: unknown): PhoneIdentifier {
  if (typeof input === "string") return parsePhoneIdentifier(input);
  const { kind, value } = (input ?? {}) as { kind?: unknown; value?: unknown };
  if (typeof value === "string" && kind === "e164" && E164.test(value)) return parsePhoneIdentifier(value);
  if (typeof value === "string" && kind === "id" && value.trim() !== "" && value.length <= MAX_INPUT_LENGTH) {
    return recordIdentifier({ id: value });
  }
  throw new InvalidInputError(
    `${callee}: id must be a phone identifier from parsePhoneIdentifier(...) or a string, not ${showNonString(input)}.`,
    { code: "invalid_identifier", origin: "argument" },
  );
}

function throwFor(input: string, trimmed: string, compact: string): never {
  if (trimmed === "") throw invalidIdentifier(quoteInput(input), "it is empty");
  if (/^[0-9]{7,15}$/.test(compact)) {
    // Never guess the country: +5551234567 would be a number in another country, not a fix.
    throw invalidIdentifier(
      quoteInput(input),
      "it has no leading + and country code; write it in E.164 form, with the country code after the + (for a US number, +1 and the 10 digits)",
    );
  }
  throw invalidIdentifier(quoteInput(input), "it is neither a 24-character internal ID nor an E.164 number");
}

/** @param shown the input as it may appear in a message (quoted, or described by type). */
function invalidIdentifier(shown: string, why: string): InvalidInputError {
  return new InvalidInputError(
    `Phone identifier ${shown} is not valid: ${why}. ` +
      `Use the internal ID from the Chatmaid dashboard (24 hex characters, e.g. 507f1f77bcf86cd799439011) ` +
      `or an E.164 number (e.g. +15551234567).`,
    { code: "invalid_identifier" },
  );
}

/**
 * A safe stand-in for a value that is not a string: primitives as themselves,
 * everything else by its type only (`String(x)` can throw, or be huge).
 */
function showNonString(input: unknown): string {
  switch (typeof input) {
    case "number":
    case "bigint":
    case "boolean":
    case "undefined":
      return String(input);
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return input === null ? "null" : Array.isArray(input) ? "an array" : "an object";
  }
}
