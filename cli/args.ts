/**
 * Turns argv into a command to run, with Node's `util.parseArgs`. Everything
 * wrong with the command line is a {@link UsageError} (exit 2), found before
 * any request is made.
 */
import { parseArgs } from "node:util";
import { ChatmaidError } from "../core/model/errors";
import { parsePhoneIdentifier, type PhoneIdentifier } from "../core/model/identifiers";
import { settingFailures, type SettingName } from "../core/model/settings";
import { MAX_WAIT_SECONDS } from "../core/phoneNumbers/waitLoop";
import { COMMANDS, type CommandName } from "./help";
import { quote } from "./output";

/** A bad command line: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override readonly name = "UsageError";
}

/**
 * Flags every command accepts, as given: their values are settings, checked
 * once with the rest of the settings (see reader.ts).
 */
export interface GlobalFlags {
  readonly json: boolean;
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly timeout?: string;
}

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: "help"; readonly topic?: CommandName }
  | { readonly kind: "version" }
  | {
      readonly kind: "run";
      readonly command: CommandName;
      readonly flags: GlobalFlags;
      /** Parsed identifiers (get, status, check), duplicates removed. */
      readonly identifiers: readonly PhoneIdentifier[];
      /** `list --status`, lowercased; empty means every status. */
      readonly statuses: readonly string[];
      /** `check --wait`, in seconds; 0 when not given. */
      readonly waitSeconds: number;
    };

// One option table for every command, so options may come before or after the
// command name; options that belong to one command are checked afterwards.
const OPTIONS = {
  json: { type: "boolean" },
  "api-key": { type: "string" },
  "base-url": { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  status: { type: "string", multiple: true },
  wait: { type: "string" },
} as const;

const COMMAND_ONLY: Partial<Record<keyof typeof OPTIONS, CommandName>> = { status: "list", wait: "check" };

/**
 * Parses argv (without node and the script).
 * @throws UsageError for anything wrong with it.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed: ReturnType<typeof parseAll>;
  try {
    parsed = parseAll(argv);
  } catch (error) {
    // `--help` still works on a line with a mistake in it.
    const command = argv.find((a): a is CommandName => (COMMANDS as readonly string[]).includes(a));
    if (argv.includes("--help") || argv.includes("-h"))
      return command ? { kind: "help", topic: command } : { kind: "help" };
    throw new UsageError(firstLine(error));
  }
  const { values, positionals, tokens } = parsed;
  const [name, ...rest] = positionals;
  if (name === "help") {
    if (rest.length > 1) throw new UsageError(`help takes at most one command (got ${rest.length})`);
    return rest[0] === undefined ? { kind: "help" } : { kind: "help", topic: commandName(rest[0]) };
  }
  if (values.version) return { kind: "version" };
  if (name === undefined) {
    if (values.help) return { kind: "help" };
    throw new UsageError(`no command given; use one of ${COMMANDS.join(", ")} (see chatmaid-numbers --help)`);
  }
  const command = commandName(name);
  if (values.help) return { kind: "help", topic: command };
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const owner = COMMAND_ONLY[token.name as keyof typeof OPTIONS];
    if (owner !== undefined && owner !== command) {
      throw new UsageError(
        `${token.rawName} is an option of ${owner}, not ${command} (see chatmaid-numbers help ${command})`,
      );
    }
  }
  return {
    kind: "run",
    command,
    flags: globalFlags(values),
    identifiers: identifiers(command, rest),
    statuses: statuses(values.status ?? []),
    waitSeconds: values.wait === undefined ? 0 : seconds("--wait", values.wait, 0, MAX_WAIT_SECONDS),
  };
}

function parseAll(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true, tokens: true });
}

function commandName(name: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(name)) return name as CommandName;
  throw new UsageError(
    `unknown command ${quote(name)}; use one of ${COMMANDS.join(", ")} (see chatmaid-numbers --help)`,
  );
}

/** The settings the CLI takes as flags, and the flag of each, for messages. */
export const FLAG_OF: Partial<Record<SettingName, string>> = {
  apiKey: "--api-key",
  baseUrl: "--base-url",
  timeoutSeconds: "--timeout",
};

/** How a flag's value is named in messages: `the --timeout flag`. */
export const flagName = (name: SettingName): string => `the ${FLAG_OF[name] ?? name} flag`;

function globalFlags(values: {
  json?: boolean;
  "api-key"?: string;
  "base-url"?: string;
  timeout?: string;
}): GlobalFlags {
  const flags = given(values);
  // The flags' values on their own, with the package's rules, before anything reads a key or the
  // network: a bad value is the line's mistake (exit 2), whatever else is missing.
  const explicit = { apiKey: flags.apiKey, baseUrl: flags.baseUrl, timeoutSeconds: flags.timeout };
  const failure = settingFailures({ explicit, explicitName: flagName, env: {} }).find(
    (f) => explicit[f.property as keyof typeof explicit] !== undefined,
  );
  if (failure) throw new UsageError(failure.reason);
  return flags;
}

function given(values: { json?: boolean; "api-key"?: string; "base-url"?: string; timeout?: string }): GlobalFlags {
  return {
    json: values.json === true,
    ...(values["api-key"] === undefined
      ? {}
      : { apiKey: nonEmpty("--api-key", values["api-key"], "; set CHATMAID_API_KEY instead, or pass a key") }),
    ...(values["base-url"] === undefined ? {} : { baseUrl: nonEmpty("--base-url", values["base-url"]) }),
    ...(values.timeout === undefined ? {} : { timeout: nonEmpty("--timeout", values.timeout) }),
  };
}

// An empty flag would otherwise silently fall back to the environment.
function nonEmpty(flag: string, value: string, hint = ""): string {
  if (value.trim() === "") throw new UsageError(`${flag} is empty${hint}`);
  return value;
}

function identifiers(command: CommandName, given: readonly string[]): PhoneIdentifier[] {
  if (command === "list") {
    if (given.length > 0)
      throw new UsageError(`list takes no arguments (got ${quote(given[0]!)}); filter with --status`);
    return [];
  }
  if (given.length === 0)
    throw new UsageError(`${command} needs a number: an internal ID or an E.164 number such as +15551234567`);
  if (command !== "check" && given.length > 1) {
    throw new UsageError(`${command} takes one number (got ${given.length}); use check for several`);
  }
  const parsed = new Map<string, PhoneIdentifier>();
  for (const g of given) {
    const id = asUsage(() => parsePhoneIdentifier(g));
    parsed.set(id.value, id);
  }
  return [...parsed.values()];
}

function statuses(given: readonly string[]): string[] {
  const all = given.flatMap((s) => s.split(",")).map((s) => s.trim().toLowerCase());
  if (given.length > 0 && all.every((s) => s === ""))
    throw new UsageError("--status needs a status, e.g. --status disconnected");
  return [...new Set(all.filter((s) => s !== ""))];
}

function seconds(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} must be a number of seconds from ${min} to ${max} (got ${quote(value)})`);
  }
  return n;
}

// The package's InvalidInputError, re-thrown as a usage error: here the bad
// value came from the command line.
function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ChatmaidError) throw new UsageError(error.message);
    throw error;
  }
}

// parseArgs' own messages, shortened to one line that points at the help.
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]} (see chatmaid-numbers --help)`;
  return message.split("\n")[0]!;
}
