#!/usr/bin/env node
/**
 * `chatmaid-numbers`: list, show and check Chatmaid phone numbers from a shell
 * or a CI pipeline. See `chatmaid-numbers --help`, or help.ts.
 */
import { runCli } from "./run";

// A reader that goes away (`chatmaid-numbers list | head -1`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    process.exit(error.code === "EPIPE" ? Number(process.exitCode ?? 0) : 3);
  });
}

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interrupts: process,
}).then((code) => {
  process.exitCode = code;
  // Exit once both streams have flushed, rather than when the event loop is
  // empty: a request abandoned at the --wait deadline could otherwise hold
  // the process open until it times out.
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
});
