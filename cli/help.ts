/**
 * The `--help` texts. Kept in one place so the top-level summary and each
 * command's page agree.
 */
import { DEFAULT_BASE_URL } from "../core/model/baseUrl";
import { RECORD_FIELDS } from "../core/model/phoneNumberRecord";

/** `text` broken at spaces into lines of at most 80 characters, as the rest of the help is. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > 80) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}

/** The commands, in the order the help lists them. */
export const COMMANDS = ["list", "get", "status", "check"] as const;

/** A command name. */
export type CommandName = (typeof COMMANDS)[number];

/** Exit codes, documented in {@link TOP_HELP}. */
export const EXIT = {
  /** Success; for `check`, every number is connected. */
  ok: 0,
  /** `check` failed: some number is not connected or not found. */
  checkFailed: 1,
  /** Bad command line. */
  usage: 2,
  /** Configuration, API or network error. */
  error: 3,
  /** `check --wait` stopped by SIGINT (128 + 2, as a shell reports it). */
  SIGINT: 130,
  /** `check --wait` stopped by SIGTERM (128 + 15). */
  SIGTERM: 143,
} as const;

const GLOBAL_OPTIONS = `Options for every command:
  --json               print JSON instead of a table (for scripts)
  --base-url URL       API base URL (default ${DEFAULT_BASE_URL}, or CHATMAID_BASE_URL)
  --timeout SECONDS    per-request timeout (default 30, or CHATMAID_TIMEOUT_SECONDS)
  --api-key KEY        API key; prefer CHATMAID_API_KEY, since flags are kept in
                       shell history and visible to other users in the process list
  -h, --help           show help`;

const IDENTIFIER = `A number is its internal ID (24 hex characters, e.g. 507f1f77bcf86cd799439011)
or its E.164 form (e.g. +15551234567; spaces, dots, dashes and brackets are ignored).`;

/** `chatmaid-numbers --help`. */
export const TOP_HELP = `Usage: chatmaid-numbers <command> [options]

Reads the WhatsApp phone numbers of the Chatmaid account that owns your API key.

Commands:
  list [--status S]                       list the numbers, optionally only those with status S
  get <number>                            show one number
  status <number>                         show one number's up-to-date connection status
  check <number>... [--wait SECONDS]      exit 0 only if every number is connected
  help [command]                          show a command's help

${GLOBAL_OPTIONS}
  --version            print the version

${IDENTIFIER}

Environment:
  CHATMAID_API_KEY     secret key, sk_test_... or sk_live_... (required unless --api-key)
  CHATMAID_BASE_URL    API base URL, e.g. http://127.0.0.1:4010 for the emulator
  CHATMAID_ENVIRONMENT, CHATMAID_MAX_RPM, CHATMAID_MAX_RETRIES, CHATMAID_TIMEOUT_SECONDS and
  CHATMAID_CACHE_SECONDS work as for the rest of @chatmaid/pulumi. Flags win over the environment.
  NO_COLOR             no colour (there is none anyway when output is not a terminal)

Exit codes:
  0  success (for check: every number is connected)
  1  check failed: a number is not connected, or not found
  2  usage error: unknown command or flag, bad flag value, malformed number
  3  any other error: no or rejected API key, number not found (get, status),
     network or API failure
  130, 143  check --wait interrupted by SIGINT (Ctrl-C) or SIGTERM

Examples:
  export CHATMAID_API_KEY=sk_test_...
  chatmaid-numbers list --status disconnected,error
  chatmaid-numbers check +15551234567 507f1f77bcf86cd799439011 --wait 120
  chatmaid-numbers get +15551234567 --json`;

/** `chatmaid-numbers help <command>` / `<command> --help`. */
export const COMMAND_HELP: Record<CommandName, string> = {
  list: `Usage: chatmaid-numbers list [--status S]... [--json]

Lists every number in the account: number, name, status, last connection, ID.

  --status S   only numbers whose status is S; repeat the flag or separate with
               commas (e.g. --status disconnected,error). Statuses: connected,
               disconnected, connecting, qr_pending, error.

${wrap(`--json prints an array of phone-number objects: ${RECORD_FIELDS.join(", ")}.`)}

${GLOBAL_OPTIONS}`,
  get: `Usage: chatmaid-numbers get <number> [--json]

Shows one number: number, name, status, last connection, ID.

${IDENTIFIER}

--json prints one phone-number object (the fields of list --json).
Exits 3 when the account has no such number.

${GLOBAL_OPTIONS}`,
  status: `Usage: chatmaid-numbers status <number> [--json]

Shows one number's up-to-date connection status (from the /status endpoint,
never a cached list): number, name, status, last connection and disconnection.
It exits 0 whatever the status; use check to fail on a number that is not connected.

${IDENTIFIER}

--json prints one phone-number object (the fields of list --json).
Exits 3 when the account has no such number.

${GLOBAL_OPTIONS}`,
  check: `Usage: chatmaid-numbers check <number>... [--wait SECONDS] [--json]

Checks that every given number is connected, for CI pipelines: exits 0 when
all are, and 1 otherwise, naming each number that is not connected or not found.
Prints a summary table (or JSON) either way.

  --wait SECONDS   while a number is not connected, poll its status for up to
                   SECONDS (0 to 3600; default 0: check once). Progress goes to
                   stderr: a live line on a terminal; otherwise (a CI log, a
                   pipe) a line for each change and, while nothing changes, a
                   line every 10 s with each number's status and the time
                   waited, never more than a line a second. Polls start 1 s
                   apart and slow down to every 5 s. SIGINT or SIGTERM stops
                   the wait with a line saying where each number stood
                   (exit 130 or 143).
                   The wait is a hard deadline: no poll starts after it, and a
                   status request still running 2 s after it is abandoned. A
                   number not found fails at once: waiting cannot make it appear.

${IDENTIFIER}

--json prints { "ok", "waitedSeconds", "numbers": [...] }; each entry has
identifier, found, connected, id, phoneNumber, displayName, connectionStatus
("missing" when not found), lastConnectedAt, lastDisconnectedAt, updatedAt.

CHATMAID_CLI_POLL_MS sets the first poll interval in milliseconds (meant for tests).

${GLOBAL_OPTIONS}`,
};
