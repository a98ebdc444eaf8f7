/**
 * One CLI run: parse, dispatch, and turn every failure into one stderr line
 * and an exit code. Separate from the bin so tests can run it in-process with
 * fake streams (e.g. a fake terminal).
 */
import { ChatmaidError } from "../core/model/errors";
import { describeRetry } from "../core/phoneNumbers/progressLog";
import { PACKAGE_VERSION } from "../core/client/version";
import { parseInvocation, UsageError, type Invocation } from "./args";
import { checkCommand } from "./check";
import { readerFromFlags } from "./reader";
import { COMMAND_HELP, EXIT, TOP_HELP } from "./help";
import { errorLine, lineStart, type CliIo } from "./output";
import { getCommand, listCommand, statusCommand } from "./readCommands";

/**
 * Runs the CLI and returns its exit code. Never throws: every error becomes
 * one line `chatmaid-numbers: <message>` on stderr, without a stack trace and
 * with the API key masked.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let invocation: Invocation | undefined;
  try {
    invocation = parseInvocation(argv);
    return await dispatch(invocation, io);
  } catch (error) {
    const key = invocation?.kind === "run" ? invocation.flags.apiKey : undefined;
    io.stderr.write(
      `${lineStart(io.stderr)}chatmaid-numbers: ${errorLine(messageOf(error), [key, io.env.CHATMAID_API_KEY])}\n`,
    );
    return error instanceof UsageError ? EXIT.usage : EXIT.error;
  }
}

async function dispatch(invocation: Invocation, io: CliIo): Promise<number> {
  if (invocation.kind === "help") {
    io.stdout.write(`${invocation.topic ? COMMAND_HELP[invocation.topic] : TOP_HELP}\n`);
    return EXIT.ok;
  }
  if (invocation.kind === "version") {
    io.stdout.write(`chatmaid-numbers ${PACKAGE_VERSION}\n`);
    return EXIT.ok;
  }
  const { command, flags, identifiers } = invocation;
  // A live progress line may be showing; it is redrawn on its next tick.
  const say = (line: string): unknown =>
    io.stderr.write(`${lineStart(io.stderr)}chatmaid-numbers: ${errorLine(line, [flags.apiKey])}\n`);
  const reader = readerFromFlags(flags, io.env, {
    onRetry: (notice) => say(describeRetry(notice)),
    onWarning: (message) => say(`warning: ${message}`),
  });
  if (flags.apiKey !== undefined) {
    io.stderr.write(
      "chatmaid-numbers: warning: --api-key is kept in shell history and shown in process lists; prefer CHATMAID_API_KEY\n",
    );
  }
  switch (command) {
    case "list":
      await listCommand(reader, invocation.statuses, flags, io);
      return EXIT.ok;
    case "get":
      await getCommand(reader, identifiers[0]!, flags, io);
      return EXIT.ok;
    case "status":
      await statusCommand(reader, identifiers[0]!, flags, io);
      return EXIT.ok;
    case "check":
      return checkCommand(reader, identifiers, { json: flags.json, waitSeconds: invocation.waitSeconds }, io);
  }
}

function messageOf(error: unknown): string {
  // Package errors are written for users; anything else is a bug, but the
  // user still gets one line rather than a stack trace.
  if (error instanceof UsageError || error instanceof ChatmaidError) return error.message;
  if (error instanceof Error) return `unexpected error: ${error.message}`;
  return `unexpected error: ${String(error)}`;
}
