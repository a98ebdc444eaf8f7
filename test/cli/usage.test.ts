import assert from "node:assert/strict";
import { COMMAND_HELP, COMMANDS, TOP_HELP } from "../../cli/help";
import { runCli as runInProcess } from "../../cli/run";
import { startEmulator } from "../../emulator";
import { assertPlainOutput, fakeStream, oneErrorLine, runCli, runCliFromSource, type CliResult } from "./helpers";

/** Runs the CLI in this process (no network is involved in these cases). */
async function inProcess(args: string[]): Promise<CliResult> {
  const out = fakeStream();
  const err = fakeStream();
  const code = await runInProcess(args, {
    stdout: out,
    stderr: err,
    env: { CHATMAID_API_KEY: "sk_test_emulator", CHATMAID_BASE_URL: "http://127.0.0.1:9" },
  });
  return { code, stdout: out.text, stderr: err.text };
}

describe("cli: help and usage errors", function () {
  this.timeout(20_000);

  it("prints the top-level help for --help, -h and help, with the exit codes", async () => {
    const variants = [["--help"], ["-h"], ["help"]];
    for (const result of await Promise.all(variants.map((args) => runCli(args)))) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `${TOP_HELP}\n`);
      assert.equal(result.stderr, "");
    }
    for (const phrase of [
      "list",
      "get",
      "status",
      "check",
      "CHATMAID_API_KEY",
      "NO_COLOR",
      "Exit codes",
      "--api-key",
      "--json",
    ]) {
      assert.ok(TOP_HELP.includes(phrase), phrase);
    }
  });

  it("prints each command's help for `<cmd> --help` and `help <cmd>`", async () => {
    const results = await Promise.all([
      ...COMMANDS.map((command) => runCli([command, "--help"])),
      runCli(["help", "check"]),
    ]);
    for (const [i, command] of [...COMMANDS, "check" as const].entries()) {
      assert.equal(results[i]!.code, 0, results[i]!.stderr);
      assert.equal(results[i]!.stdout, `${COMMAND_HELP[command]}\n`);
      assert.ok(results[i]!.stdout.startsWith(`Usage: chatmaid-numbers ${command}`));
    }
    for (const command of COMMANDS) {
      assert.deepEqual(await inProcess(["help", command]), {
        code: 0,
        stdout: `${COMMAND_HELP[command]}\n`,
        stderr: "",
      });
    }
  });

  it("shows help even when the rest of the line is wrong", async () => {
    assert.deepEqual(await inProcess(["check", "--bogus", "--help"]), {
      code: 0,
      stdout: `${COMMAND_HELP.check}\n`,
      stderr: "",
    });
    assert.deepEqual(await inProcess(["-h", "--nope"]), { code: 0, stdout: `${TOP_HELP}\n`, stderr: "" });
  });

  it("runs from source through ts-node, as `node -r ts-node/register/transpile-only cli/main.ts`", async () => {
    const result = await runCliFromSource(["check", "--help"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${COMMAND_HELP.check}\n`);
  });

  it("prints the version", async () => {
    const result = await inProcess(["--version"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^chatmaid-numbers \d+\.\d+\.\d+\n$/);
  });

  it("a bad flag, an unknown command or a malformed number: exit 2, one line, from the bin", async () => {
    const results = await Promise.all([
      runCli(["list", "--bogus"]),
      runCli(["lsit"]),
      runCli(["check", "+15551234567", "not-a-number"]),
      runCli(["check", "+15551234567", "--wait", "soon"]),
    ]);
    const messages = [
      /^unknown option --bogus \(see chatmaid-numbers --help\)$/,
      /^unknown command "lsit"; use one of list, get, status, check/,
      /^Phone identifier "not-a-number" is not valid/,
      /^--wait must be a number of seconds from 0 to 3600 \(got "soon"\)$/,
    ];
    for (const [i, result] of results.entries()) {
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(oneErrorLine(result), messages[i]!);
      assertPlainOutput(result);
    }
  });

  it("a bad flag value or an unknown option comes before anything about keys or the network (exit 2)", async () => {
    const key = "sk_live_abcdefgh12345678";
    // No key anywhere: the line's mistake is still what is reported.
    const results = await Promise.all([
      runCli(["list", "--timeout", key]),
      runCli(["list", "--base-url=garbage"]),
      runCli(["check", "+15551234567", "--wait", "5", "--unknown"]),
      runCli(["status", "+15551234567", "--timeout=-1"]),
    ]);
    const messages = [
      /^the --timeout flag must be a number from 0\.001 to 600, not "sk_live_\[redacted\]"\.$/,
      /^The Chatmaid base URL from the --base-url flag \("garbage"\) is not usable: it is not an absolute URL\./,
      /^unknown option --unknown \(see chatmaid-numbers --help\)$/,
      /^the --timeout flag must be a number from 0\.001 to 600, not "-1"\.$/,
    ];
    for (const [i, result] of results.entries()) {
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(oneErrorLine(result), messages[i]!);
      assert.ok(!result.stderr.includes(key), "the key-shaped value is not echoed");
    }
  });

  it("a bad flag value makes no request, even with a key and a reachable API", async () => {
    const emulator = await startEmulator();
    try {
      const env = { CHATMAID_API_KEY: "sk_test_emulator", CHATMAID_BASE_URL: emulator.url };
      const result = await runCli(["check", "+15551234567", "--timeout", "soon"], { env });
      assert.equal(result.code, 2, result.stderr);
      assert.deepEqual(emulator.requests, []);
    } finally {
      await emulator.close();
    }
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /^no command given; use one of list, get, status, check/],
    [["help", "nope"], /^unknown command "nope"/],
    [["help", "list", "get"], /^help takes at most one command/],
    [["get"], /^get needs a number/],
    [["get", "+15551234567", "+15552345678"], /^get takes one number \(got 2\); use check for several$/],
    [["status", "5551234567"], /no leading \+ and country code/],
    [["list", "extra"], /^list takes no arguments \(got "extra"\)/],
    [["list", "--wait", "5"], /^--wait is an option of check, not list/],
    [["check", "+15551234567", "--status", "connected"], /^--status is an option of list, not check/],
    [["check", "+15551234567", "--wait", "-1"], /argument is ambiguous/],
    [["check", "+15551234567", "--wait", "3601"], /^--wait must be a number of seconds from 0 to 3600/],
    [["check", "+15551234567", "--wait"], /^Option '--wait <value>' argument missing/],
    [["list", "--json=yes"], /^Option '--json' does not take an argument/],
    [["list", "--status", ","], /^--status needs a status/],
    [["list", "--timeout", "0"], /^the --timeout flag must be a number from 0.001 to 600, not "0"/],
    [
      ["list", "--base-url", "ftp://example.com"],
      /^The Chatmaid base URL from the --base-url flag .* only http and https are supported/,
    ],
    [["list", "--base-url", ""], /^--base-url is empty/],
    [["list", "--api-key", "pk_nope"], /^The Chatmaid API key from the --api-key flag is not a Chatmaid secret key/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 with one line for: ${args.join(" ") || "(nothing)"}`, async () => {
      const result = await inProcess(args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(oneErrorLine(result), message);
    });
  }
});
