import assert from "node:assert/strict";
import { createServer } from "node:net";
import { assertPlainOutput, emulatorEnv, oneErrorLine, runCli, useEmulator } from "./helpers";

const SENTINEL = "sk_test_SENTINEL_cli_123";

describe("cli: configuration and API errors", function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it("no key: exit 3, one line naming CHATMAID_API_KEY, no request made", async () => {
    const result = await runCli(["list"], { env: { CHATMAID_BASE_URL: emulator().url } });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, "");
    // A shell has two ways to give a key; stack config is not one of them.
    const line = oneErrorLine(result);
    assert.match(
      line,
      /^No Chatmaid API key was found\. Set one of: the --api-key flag; or the CHATMAID_API_KEY environment variable to your sk_test_\.\.\. or sk_live_\.\.\. key\.$/,
    );
    assertPlainOutput(result);
    assert.equal(emulator().requests.length, 0);
  });

  it("a rejected key (401) is never printed, from the environment or --api-key, for any command", async () => {
    const runs = await Promise.all([
      runCli(["list"], { env: emulatorEnv(emulator(), { CHATMAID_API_KEY: SENTINEL }) }),
      runCli(["get", "+15551234567", "--json"], { env: emulatorEnv(emulator(), { CHATMAID_API_KEY: SENTINEL }) }),
      runCli(["check", "+15551234567", "--wait", "1"], {
        env: emulatorEnv(emulator(), { CHATMAID_API_KEY: SENTINEL }),
      }),
      runCli(["status", "+15551234567", "--api-key", SENTINEL], { env: { CHATMAID_BASE_URL: emulator().url } }),
    ]);
    for (const result of runs) {
      assert.equal(result.code, 3, result.stderr);
      assert.ok(!result.stdout.includes(SENTINEL) && !result.stderr.includes(SENTINEL), result.stderr);
      assert.ok(!result.stderr.includes("SENTINEL"), "not even part of it");
      assert.match(
        result.stderr,
        /chatmaid-numbers: Chatmaid rejected the API key from the (CHATMAID_API_KEY environment variable|--api-key flag) \(401/,
      );
      assertPlainOutput(result);
    }
    assert.match(
      runs[3]!.stderr,
      /^chatmaid-numbers: warning: --api-key is kept in shell history.*prefer CHATMAID_API_KEY\n/,
    );
  });

  it("a key typed where a number belongs is masked in the usage error", async () => {
    const result = await runCli(["get", SENTINEL], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 2);
    assert.ok(!result.stderr.includes("SENTINEL"), result.stderr);
    assert.match(oneErrorLine(result), /^Phone identifier "sk_test_\[redacted\]" is not valid/);
  });

  it("a key without the read scope (403): exit 3 saying which scope", async () => {
    const result = await runCli(["list"], {
      env: emulatorEnv(emulator(), { CHATMAID_API_KEY: "sk_test_emulator_noscope" }),
    });
    assert.equal(result.code, 3);
    assert.match(oneErrorLine(result), /may not read phone numbers \(403.*phone_numbers:read/);
  });

  it("bad settings in the environment: exit 3, naming the variable", async () => {
    const [badUrl, badKey] = await Promise.all([
      runCli(["list"], { env: emulatorEnv(emulator(), { CHATMAID_BASE_URL: "not a url" }) }),
      runCli(["list"], { env: emulatorEnv(emulator(), { CHATMAID_API_KEY: "pk_live_whatever" }) }),
    ]);
    assert.equal(badUrl.code, 3);
    assert.match(
      oneErrorLine(badUrl),
      /^The Chatmaid base URL from the CHATMAID_BASE_URL environment variable .* is not usable/,
    );
    assert.equal(badKey.code, 3);
    assert.match(
      oneErrorLine(badKey),
      /^The Chatmaid API key from the CHATMAID_API_KEY environment variable is not a Chatmaid secret key/,
    );
    assert.ok(!badKey.stderr.includes("pk_live_whatever"));
  });

  it("--base-url wins over CHATMAID_BASE_URL, and --api-key over CHATMAID_API_KEY", async () => {
    const [result, live] = await Promise.all([
      runCli(["list", "--json", "--base-url", `${emulator().url}/v1/`], {
        env: { CHATMAID_BASE_URL: "http://127.0.0.1:9", CHATMAID_API_KEY: "sk_test_emulator" },
      }),
      runCli(["list", "--json", "--api-key", "sk_live_emulator"], { env: emulatorEnv(emulator()) }),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 6);
    assert.equal((JSON.parse(live.stdout) as unknown[]).length, 2);
  });

  it("an unreachable server: exit 3 with one line", async () => {
    const port = await closedPort();
    const result = await runCli(["list"], {
      env: {
        CHATMAID_API_KEY: "sk_test_emulator",
        CHATMAID_BASE_URL: `http://127.0.0.1:${port}`,
        CHATMAID_MAX_RETRIES: "0",
      },
    });
    assert.equal(result.code, 3);
    assert.match(
      oneErrorLine(result),
      new RegExp(
        `^Could not reach Chatmaid for GET /v1/phone-numbers: the connection to 127\\.0\\.0\\.1:${port} was refused`,
      ),
    );
  });

  it("a failing server: one line per retry, then the error with its request id", async () => {
    emulator().injectFault({ kind: "status", status: 503, body: "html", times: 2 });
    const result = await runCli(["list"], { env: emulatorEnv(emulator(), { CHATMAID_MAX_RETRIES: "1" }) });
    assert.equal(result.code, 3);
    assertPlainOutput(result);
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 2, result.stderr);
    assert.match(lines[0]!, /^chatmaid-numbers: GET \/v1\/phone-numbers answered 503; retry 1 in \d+\.\d s$/);
    assert.match(
      lines[1]!,
      /^chatmaid-numbers: Chatmaid \(or a proxy in front of it\) failed with 503 .*\(request id req_[0-9a-f]{16}\)$/,
    );
  });

  it("--timeout bounds each request", async () => {
    emulator().injectFault({ kind: "hang" });
    const started = Date.now();
    const result = await runCli(["list", "--timeout", "0.3"], {
      env: emulatorEnv(emulator(), { CHATMAID_MAX_RETRIES: "0" }),
    });
    assert.equal(result.code, 3);
    assert.match(oneErrorLine(result), /^Chatmaid did not answer GET \/v1\/phone-numbers within 300 ms/);
    assert.ok(Date.now() - started < 5000);
  });
});

/** A port nothing listens on (one just freed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
