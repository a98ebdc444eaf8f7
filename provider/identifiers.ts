import { InvalidInputError } from "./errors";

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
    throw invalidIdentifier(String(input), "it is not a string");
  }
  if (input.length > MAX_INPUT_LENGTH) {
    throw invalidIdentifier(input, `it is ${input.length} characters long`);
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

function throwFor(input: string, trimmed: string, compact: string): never {
  if (trimmed === "") throw invalidIdentifier(input, "it is empty");
  if (/^[0-9]{7,15}$/.test(compact)) {
    throw invalidIdentifier(input, `it has no leading +: did you mean +${compact}?`);
  }
  throw invalidIdentifier(input, "it is neither a 24-character internal ID nor an E.164 number");
}

function invalidIdentifier(input: string, why: string): InvalidInputError {
  return new InvalidInputError(
    `Phone identifier ${describe(input)} is not valid: ${why}. ` +
      `Use the internal ID from the Chatmaid dashboard (24 hex characters, e.g. 507f1f77bcf86cd799439011) ` +
      `or an E.164 number (e.g. +15551234567).`,
    { code: "invalid_identifier" },
  );
}

/** Quotes user input safely: control and bidirectional characters escaped, long input cut. */
export function describe(input: string): string {
  const cut = input.length > 40 ? `${input.slice(0, 40)}...` : input;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
