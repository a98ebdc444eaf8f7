/**
 * The functions' and the resource's arguments, checked at run time (a
 * JavaScript caller, YAML or another language is outside TypeScript's reach)
 * and turned into typed queries once, before any request.
 */
import { InvalidInputError } from "../model/errors";
import { parsePhoneIdentifier, type PhoneIdentifier } from "../model/identifiers";
import { KNOWN_CONNECTION_STATUSES } from "../model/phoneNumberRecord";
import { quoteInput } from "../model/redact";
import { MAX_WAIT_SECONDS } from "./waitLoop";

/** A refused argument or input: the property and why, as Pulumi reports check failures. */
export interface ArgumentFailure {
  /** The argument's name, e.g. `waitForConnectedSeconds`. */
  readonly property: string;
  /** What is wrong and what to do. */
  readonly reason: string;
}

/** What `requireConnected` asks for: a connected number, waiting up to `waitSeconds` for it. */
export interface ConnectionRequirement {
  /** Seconds to wait while the number is not connected; 0 checks once. */
  readonly waitSeconds: number;
}

/** A `getPhoneNumbers` call, parsed. */
export interface PhoneNumbersQuery {
  /** Keep only numbers with one of these statuses; absent keeps all. */
  readonly statuses?: ReadonlySet<string>;
  /** Keep only numbers with exactly this display name. */
  readonly displayName?: string;
  /** Numbers that must exist in the account. */
  readonly required: readonly PhoneIdentifier[];
  /** Present when numbers must be connected. */
  readonly requirement?: ConnectionRequirement;
}

/** A `getPhoneNumber` or `getPhoneNumberStatus` call, parsed. */
export interface PhoneNumberQuery {
  /** The number asked for. */
  readonly id: PhoneIdentifier;
  /** Present when the number must be connected. */
  readonly requirement?: ConnectionRequirement;
}

/** Settings a Node function call may carry besides its own arguments (an invoke's come from its provider). */
const CREDENTIALS = ["apiKey", "baseUrl"];

/** Options of the argument parsers. */
export interface ParseOptions {
  /** Whether `apiKey` and `baseUrl` are arguments too (the Node functions), or come only from the provider (invokes). Default true. */
  readonly credentials?: boolean;
}
const NUMBERS_ARGS = ["connectionStatus", "displayName", "required", "requireConnected", "waitForConnectedSeconds"];
const NUMBER_ARGS = ["id", "requireConnected", "waitForConnectedSeconds"];

/**
 * Parses `getPhoneNumbers` arguments.
 * @throws InvalidInputError naming every refused argument (no request is made).
 */
export function parsePhoneNumbersArgs(
  given: object | undefined,
  fn = "getPhoneNumbers",
  options: ParseOptions = {},
): PhoneNumbersQuery {
  const args = argumentsObject(given, fn);
  const failures = unknownArguments(args, NUMBERS_ARGS, options);
  const statuses = parseStatuses(args.connectionStatus, failures);
  if (args.displayName !== undefined && typeof args.displayName !== "string") {
    failures.push({ property: "displayName", reason: "displayName must be a string." });
  }
  const required = parseRequired(args.required, failures);
  const requirement = checkRequirement(args.requireConnected, args.waitForConnectedSeconds, failures);
  throwIfAny(fn, failures);
  return {
    ...(statuses ? { statuses } : {}),
    ...(typeof args.displayName === "string" ? { displayName: args.displayName } : {}),
    required,
    ...(requirement ? { requirement } : {}),
  };
}

/**
 * Parses `getPhoneNumber` / `getPhoneNumberStatus` arguments.
 * @throws InvalidInputError naming every refused argument (no request is made).
 */
export function parsePhoneNumberArgs(
  given: object | undefined,
  fn: string,
  options: ParseOptions = {},
): PhoneNumberQuery {
  const args = argumentsObject(given, fn);
  const failures = unknownArguments(args, NUMBER_ARGS, options);
  const id = parseIdentifier(args.id, "id", failures);
  const requirement = checkRequirement(args.requireConnected, args.waitForConnectedSeconds, failures);
  throwIfAny(fn, failures);
  return { id: id!, ...(requirement ? { requirement } : {}) };
}

/**
 * Checks `requireConnected` and `waitForConnectedSeconds`, adding a failure
 * for each problem (the resource's check reports them per property).
 * @returns the requirement when `requireConnected` is true and both are valid.
 */
export function checkRequirement(
  requireConnected: unknown,
  wait: unknown,
  failures: ArgumentFailure[],
): ConnectionRequirement | undefined {
  const before = failures.length;
  if (requireConnected !== undefined && typeof requireConnected !== "boolean") {
    failures.push({ property: "requireConnected", reason: "requireConnected must be true or false." });
  }
  if (wait !== undefined) {
    if (typeof wait !== "number" || !Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS) {
      failures.push({
        property: "waitForConnectedSeconds",
        reason: `waitForConnectedSeconds must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}, not ${show(wait)}.`,
      });
    } else if (wait > 0 && requireConnected !== true) {
      failures.push({
        property: "waitForConnectedSeconds",
        reason:
          "waitForConnectedSeconds only applies with requireConnected: true (it is how long to wait for a connection). " +
          "Add requireConnected: true, or remove waitForConnectedSeconds.",
      });
    }
  }
  if (failures.length > before || requireConnected !== true) return undefined;
  return { waitSeconds: typeof wait === "number" ? wait : 0 };
}

/** Parses an identifier argument, adding a failure (on `property`) when it is malformed. */
export function parseIdentifier(
  value: unknown,
  property: string,
  failures: ArgumentFailure[],
): PhoneIdentifier | undefined {
  try {
    return parsePhoneIdentifier(value);
  } catch (error) {
    failures.push({ property, reason: (error as Error).message });
    return undefined;
  }
}

function parseStatuses(value: unknown, failures: ArgumentFailure[]): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const given = Array.isArray(value) ? (value as unknown[]) : [value];
  const known = KNOWN_CONNECTION_STATUSES as readonly string[];
  const bad = given.filter((s) => typeof s !== "string" || !known.includes(s));
  if (bad.length > 0) {
    failures.push({
      property: "connectionStatus",
      reason: `connectionStatus ${bad.map(show).join(", ")} ${bad.length === 1 ? "is not a" : "are not"} Chatmaid connection status${bad.length === 1 ? "" : "es"}; use ${KNOWN_CONNECTION_STATUSES.join(", ")}.`,
    });
    return undefined;
  }
  return new Set(given as string[]);
}

function parseRequired(value: unknown, failures: ArgumentFailure[]): PhoneIdentifier[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    failures.push({ property: "required", reason: "required must be a list of internal IDs or E.164 numbers." });
    return [];
  }
  const ids = value.map((v, i) => parseIdentifier(v, `required[${i}]`, failures));
  return ids.filter((id): id is PhoneIdentifier => id !== undefined);
}

function argumentsObject(given: object | undefined, fn: string): Readonly<Record<string, unknown>> {
  if (given === undefined || given === null) return {};
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new InvalidInputError(`${fn} takes an object of arguments, not ${show(given)}.`, {
      code: "invalid_argument",
      origin: "argument",
    });
  }
  return given as Readonly<Record<string, unknown>>;
}

function unknownArguments(
  args: Readonly<Record<string, unknown>>,
  known: readonly string[],
  options: ParseOptions,
): ArgumentFailure[] {
  const allowed = options.credentials === false ? [...known] : [...known, ...CREDENTIALS];
  return Object.keys(args)
    .filter((name) => !allowed.includes(name) && args[name] !== undefined)
    .map((name) => ({ property: name, reason: `${quoteInput(name)} is not an argument; use ${allowed.join(", ")}.` }));
}

function throwIfAny(fn: string, failures: readonly ArgumentFailure[]): void {
  if (failures.length === 0) return;
  const detail = failures.map((f) => f.reason).join(" ");
  throw new InvalidInputError(
    `${fn} was called with ${failures.length === 1 ? "an invalid argument" : "invalid arguments"}: ${detail}`,
    {
      code: "invalid_argument",
      origin: "argument",
    },
  );
}

/** A refused value as it may appear in a message. */
function show(value: unknown): string {
  if (typeof value === "string") return quoteInput(value, 30);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "a list" : `a value of type ${typeof value}`;
}
