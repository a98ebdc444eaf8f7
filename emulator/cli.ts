#!/usr/bin/env node
/**
 * `chatmaid-emulator`: runs the emulator until SIGINT/SIGTERM.
 * Prints exactly one stdout line, `Chatmaid emulator listening on <url> (keys: ...)`,
 * so scripts can wait for it and people see which keys to use; request logs (with --log) go to stderr.
 * Exit codes: 0 after a signal or --help, 1 on a data-file or listen error, 2 on bad flags.
 */
import { listeningLine } from "./banner";
import { HELP, parseCliArgs, UsageError } from "./cliArgs";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "./index";

function fail(error: unknown, code: number): void {
  process.stderr.write(`chatmaid-emulator: ${(error as Error).message}\n`);
  process.exitCode = code;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    return fail(error, error instanceof UsageError ? 2 : 1);
  }
  if (options === "help") {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    return fail(error, 1);
  }
  process.stdout.write(`${listeningLine(emulator.url)}\n`);
  const stop = (): void => {
    // A second signal falls back to Node's default: immediate termination.
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    emulator.close().then(
      () => {
        process.exitCode = 0;
        // close() frees everything, so the process exits by itself; this unref'd timer is only a backstop.
        setTimeout(() => process.exit(0), 2000).unref();
      },
      (error: unknown) => {
        fail(error, 1);
        process.exit();
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
