import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EMULATOR_API_KEYS, EmulatorDataError } from "../../emulator";
import { DEFAULT_CLI_PORT, HELP, parseCliArgs, UsageError } from "../../emulator/cliArgs";

const ROOT = resolve(__dirname, "../..");

interface Run {
  child: ChildProcess;
  /** Resolves with the first stdout line. */
  firstLine: Promise<string>;
  /** Resolves when the process exits. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Runs the bin from source through ts-node, so the test does not depend on a
 * build; `installed` runs the package's bin file instead, on the build output,
 * as `npx chatmaid-emulator` does (npm test builds first).
 */
function runCli(args: string[], installed = false): Run {
  const entry = installed ? ["bin/chatmaid-emulator.js"] : ["-r", "ts-node/register/transpile-only", "emulator/cli.ts"];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  const firstLine = new Promise<string>((resolveLine, reject) => {
    child.stdout!.on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolveLine(stdout.split("\n")[0]!);
    });
    child.on("exit", () => reject(new Error(`exited before printing a line; stderr: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // only awaited by some tests
  child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolveExit) => {
      child.on("close", (code, signal) => resolveExit({ code, signal, stdout, stderr }));
    },
  );
  return { child, firstLine, exit };
}

function urlOf(line: string): string {
  const match = /^Chatmaid emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(keys: (.*)\)$/.exec(line);
  assert.ok(match, `unexpected first line: ${line}`);
  // The banner names every key, like npm start's, so nobody has to look them up.
  assert.deepEqual(match[2]!.split(", "), Object.values(EMULATOR_API_KEYS));
  return match[1]!;
}

describe("emulator: chatmaid-emulator bin", function () {
  this.timeout(15_000);
  let dir: string;
  const running: ChildProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "chatmaid-emulator-cli-"));
  });
  after(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints one line with the URL, serves, and exits 0 on SIGTERM", async () => {
    const run = runCli(["--port", "0"]);
    running.push(run.child);
    const url = urlOf(await run.firstLine);
    const res = await fetch(`${url}/v1/phone-numbers/%2B15551234567/status`, {
      headers: { authorization: "Bearer sk_test_emulator" },
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { data: { connectionStatus: string } }).data.connectionStatus, "connected");
    // An open keep-alive connection and a hanging request must not block the exit.
    const hang = await fetch(`${url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "hang" }),
    });
    assert.equal(hang.status, 200, "the hang fault is queued");
    const hanging = fetch(`${url}/v1/phone-numbers`, { headers: { authorization: "Bearer sk_test_emulator" } }).catch(
      () => "failed",
    );
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill("SIGTERM");
    const result = await run.exit;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split("\n").length, 2, `exactly one line: ${result.stdout}`);
    assert.equal(await hanging, "failed");
  });

  it("as installed (node bin/chatmaid-emulator.js --port 0): the three endpoints, 401, 403, 404 and 429", async () => {
    const run = runCli(["--port", "0", "--rate-limit", "4"], true);
    running.push(run.child);
    const url = urlOf(await run.firstLine);
    const get = async (path: string, key = "sk_test_emulator") => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      return {
        status: res.status,
        body: (await res.json()) as { success: boolean; data?: { id?: string }; statusCode?: number },
      };
    };
    const list = await get("/v1/phone-numbers");
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body.data) && list.body.data.length > 0);
    assert.equal((await get("/v1/phone-numbers/507f1f77bcf86cd799439011")).body.data?.id, "507f1f77bcf86cd799439011");
    assert.equal((await get("/v1/phone-numbers/%2B15551234567/status")).body.data?.id, "507f1f77bcf86cd799439011");
    assert.equal((await get("/v1/phone-numbers", "sk_test_not_a_key")).status, 401);
    assert.equal((await get("/v1/phone-numbers", "sk_test_emulator_noscope")).status, 403);
    const missing = await get("/v1/phone-numbers/%2B15559999999");
    assert.deepEqual([missing.status, missing.body.success, missing.body.statusCode], [404, false, 404]);
    // Four requests with this key so far (list, by ID, status, the 404): the limit of 4 a minute is spent.
    const limited = await fetch(`${url}/v1/phone-numbers`, { headers: { authorization: "Bearer sk_test_emulator" } });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    run.child.kill("SIGTERM");
    assert.equal((await run.exit).code, 0);
  });

  it("applies --data, --rate-limit and --log, and exits 0 on SIGINT", async () => {
    const data = join(dir, "numbers.json");
    writeFileSync(
      data,
      JSON.stringify({
        live: [{ id: "0123456789abcdef01234567", phoneNumber: "+15550009999", connectionStatus: "error" }],
      }),
    );
    const run = runCli(["--port", "0", "--data", data, "--rate-limit", "1", "--log"]);
    running.push(run.child);
    const url = urlOf(await run.firstLine);
    const live = await fetch(`${url}/v1/phone-numbers`, { headers: { authorization: "Bearer sk_live_emulator" } });
    const body = (await live.json()) as { data: Array<{ phoneNumber: string; environment: string }> };
    assert.deepEqual(
      body.data.map((n) => [n.phoneNumber, n.environment]),
      [["+15550009999", "live"]],
    );
    const limited = await fetch(`${url}/v1/phone-numbers`, { headers: { authorization: "Bearer sk_live_emulator" } });
    assert.equal(limited.status, 429);
    const test = await fetch(`${url}/v1/phone-numbers`, { headers: { authorization: "Bearer sk_test_emulator" } });
    assert.deepEqual(((await test.json()) as { data: unknown[] }).data, [], "an account the file omits is empty");
    run.child.kill("SIGINT");
    const result = await run.exit;
    assert.equal(result.code, 0);
    assert.match(result.stderr, /GET \/v1\/phone-numbers 429 key=sk_live_emulator/);
  });

  it('--host "" binds 127.0.0.1, as without --host, and its control routes answer curl-style requests', async () => {
    const run = runCli(["--port", "0", "--host", ""]);
    running.push(run.child);
    const url = urlOf(await run.firstLine);
    const res = await fetch(`${url}/_emulator/phone-numbers/%2B15551234567/status`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ connectionStatus: "disconnected" }),
    });
    assert.equal(res.status, 200);
    const refused = await fetch(`${url}/_emulator/reset`, { method: "POST", body: "{}" });
    assert.equal(refused.status, 415, "a POST without the JSON content type");
    run.child.kill("SIGTERM");
    assert.equal((await run.exit).code, 0);
  });

  it("rejects a bad flag with one line on stderr and exit 2", async () => {
    const result = await runCli(["--port", "0", "--bogus"]).exit;
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "chatmaid-emulator: Unknown option '--bogus'\n");
    assert.equal(result.stdout, "");
  });
});

describe("emulator: bin flag parsing", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "chatmaid-emulator-args-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("maps flags to options, with port 4010 by default", () => {
    const options = parseCliArgs([
      "--host",
      "0.0.0.0",
      "--rate-limit",
      "0",
      "--rate-limit-window",
      "1000",
      "--latency",
      "25",
      "--connecting-polls",
      "1",
    ]);
    assert.notEqual(options, "help");
    if (options === "help") return;
    assert.equal(options.port, DEFAULT_CLI_PORT);
    assert.equal(DEFAULT_CLI_PORT, 4010);
    assert.deepEqual(
      [
        options.host,
        options.rateLimit,
        options.rateLimitWindowMs,
        options.latencyMs,
        options.connectingPolls,
        options.log,
        options.data,
      ],
      ["0.0.0.0", 0, 1000, 25, 1, undefined, undefined],
    );
    assert.equal((parseCliArgs(["--port", "0"]) as { port: number }).port, 0);
    assert.equal(parseCliArgs(["-h"]), "help");
    assert.match(HELP, /--data FILE\.json/);
  });

  for (const args of [
    ["--port", "99999"],
    ["--port", "abc"],
    ["--port"],
    ["--latency", "-5"],
    ["--rate-limit", "1.5"],
    ["--rate-limit-window", "0"],
    ["extra"],
  ]) {
    it(`rejects ${JSON.stringify(args)} as a usage error (exit 2)`, () => {
      assert.throws(
        () => parseCliArgs(args),
        (error: unknown) => error instanceof UsageError && !error.message.includes("\n"),
      );
    });
  }

  it('treats an empty or blank --host as no --host (127.0.0.1), never as "every interface"', () => {
    for (const host of ["", "   "]) {
      const options = parseCliArgs(["--host", host]);
      assert.notEqual(options, "help");
      assert.equal((options as { host?: string }).host, undefined, JSON.stringify(host));
    }
    assert.equal((parseCliArgs(["--host", "::"]) as { host?: string }).host, "::", "every interface, when asked for");
  });

  it("rejects a bad data file as a data error (exit 1) naming the file and entry", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ test: [{ id: "zz", phoneNumber: "+15550009999", connectionStatus: "connected" }] }),
    );
    assert.throws(
      () => parseCliArgs(["--data", bad]),
      (error: unknown) =>
        error instanceof EmulatorDataError && error.message.includes(bad) && /test\[0\]\.id/.test(error.message),
    );
  });
});
