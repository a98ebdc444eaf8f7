import assert from "node:assert/strict";
import { assertPlainOutput, emulatorEnv, oneErrorLine, runCli, useEmulator } from "./helpers";

/** Fast polls, so a wait takes a fraction of a second (see CHATMAID_CLI_POLL_MS in `check --help`). */
const FAST = { CHATMAID_CLI_POLL_MS: "50" };

function rows(table: string): string[][] {
  return table
    .trimEnd()
    .split("\n")
    .map((line) => line.split(/ {2,}/));
}

function statusPolls(emulator: ReturnType<ReturnType<typeof useEmulator>>): number {
  return emulator.requests.filter((r) => r.path.endsWith("/status")).length;
}

describe("cli: check", function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it("exits 0 when every number is connected, by id or E.164, listing each once", async () => {
    const result = await runCli(["check", "+15551234567", "507f1f77bcf86cd799439011", "+15555678901"], {
      env: emulatorEnv(emulator()),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assertPlainOutput(result);
    const table = rows(result.stdout);
    assert.deepEqual(table[0], ["NUMBER", "NAME", "STATUS", "LAST CONNECTED"]);
    assert.deepEqual(
      table.slice(1).map((r) => r.slice(0, 3)),
      [
        ["+15551234567", "Primary Sender", "connected"],
        ["+15555678901", "-", "connected"],
      ],
    );
    assert.equal(statusPolls(emulator()), 2, "each number's fresh /status, once");
  });

  it("exits 1 naming every number that is not connected or not found", async () => {
    const result = await runCli(["check", "+15551234567", "+15552345678", "+15550000000", "65c1a2b3c4d5e6f708192a3f"], {
      env: emulatorEnv(emulator()),
    });
    assert.equal(result.code, 1);
    assertPlainOutput(result);
    assert.equal(
      oneErrorLine(result),
      "3 of 4 numbers not connected: +15552345678 (Support Line) is disconnected; +15550000000 was not found in the account; " +
        "+15556789012 (Billing Alerts) is error",
    );
    assert.deepEqual(
      rows(result.stdout)
        .slice(1)
        .map((r) => [r[0], r[2]]),
      [
        ["+15551234567", "connected"],
        ["+15552345678", "disconnected"],
        ["+15550000000", "not found"],
        ["+15556789012", "error"],
      ],
    );
  });

  it("sees a disconnection the list would not show yet (reads /status)", async () => {
    emulator().setStatus("+15551234567", "disconnected");
    const result = await runCli(["check", "+15551234567"], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 1);
    assert.match(
      oneErrorLine(result),
      /^1 of 1 number not connected: \+15551234567 \(Primary Sender\) is disconnected$/,
    );
  });

  it("--wait polls a connecting number until it connects: progress on stderr, then the summary", async () => {
    const result = await runCli(["check", "+15553456789", "+15551234567", "--wait", "10"], {
      env: emulatorEnv(emulator(), FAST),
    });
    assert.equal(result.code, 0, result.stderr);
    assertPlainOutput(result);
    const progress = result.stderr.trimEnd().split("\n");
    assert.equal(progress[0], "Waiting up to 10 s for 1 number to connect: +15553456789 (Onboarding Bot) connecting");
    // It connected within a second of the first line: too soon for another line, and the summary says it.
    assert.match(progress[1]!, /^All numbers connected after 0\.\d s\.$/);
    assert.equal(progress.length, 2, "no line within a second of the last, no repeated status lines");
    assert.deepEqual(
      rows(result.stdout)
        .slice(1)
        .map((r) => r.slice(0, 3)),
      [
        ["+15553456789", "Onboarding Bot", "connected"],
        ["+15551234567", "Primary Sender", "connected"],
      ],
    );
    // 3 polls answer "connecting" (the first check included), the 4th sees it connected;
    // the connected number is read once.
    assert.equal(statusPolls(emulator()), 5);
  });

  it("--wait sees a number reconnected from the dashboard mid-wait", async () => {
    const run = runCli(["check", "+15552345678", "--wait", "10"], { env: emulatorEnv(emulator(), FAST) });
    // Reconnect a while after the first check has seen it disconnected, so the change gets its own line.
    while (statusPolls(emulator()) === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1200));
    emulator().setStatus("+15552345678", "connected");
    const result = await run;
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /\n\+15552345678 \(Support Line\): disconnected -> connected \(after \d+\.\d s of 10 s\)\n/,
    );
  });

  it("--wait gives up after the wait and exits 1 naming the number", async () => {
    const started = Date.now();
    const result = await runCli(["check", "+15554567890", "--wait", "0.6"], { env: emulatorEnv(emulator(), FAST) });
    assert.equal(result.code, 1);
    assertPlainOutput(result);
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines[0], "Waiting up to 0.6 s for 1 number to connect: +15554567890 (Marketing) qr_pending");
    const stopped = /^Stopped waiting after (\d\.\d) s: 1 number still not connected\.$/.exec(lines.at(-2)!);
    assert.ok(stopped, lines.at(-2));
    // One clock: the summary and the failure line give the same time, at least the wait asked for.
    assert.ok(Number(stopped[1]) >= 0.6, stopped[1]);
    assert.equal(
      lines.at(-1),
      `chatmaid-numbers: 1 of 1 number not connected after waiting ${stopped[1]} s: +15554567890 (Marketing) is qr_pending`,
    );
    assert.ok(statusPolls(emulator()) >= 3, "polled during the wait");
    assert.ok(Date.now() - started < 10_000);
  });

  it("--wait gives up within the wait plus the grace when /status hangs, naming the number", async () => {
    emulator().injectFault({ kind: "hang", path: "/status", times: 100 });
    const started = Date.now();
    const result = await runCli(["check", "+15553456789", "--wait", "2"], { env: emulatorEnv(emulator()) });
    const took = Date.now() - started;
    assert.equal(result.code, 1, result.stderr);
    const line = oneErrorLine(result);
    assert.match(
      line,
      /^1 of 1 number not connected after waiting (\d+\.\d) s \(the last status request did not answer before the deadline\): \+15553456789 \(Onboarding Bot\) could not be confirmed \(the list says connecting; its status did not answer\)$/,
    );
    // The time it did wait: the 2 s asked for, then up to the 2 s grace for the hung request.
    const waited = Number(/after waiting (\d+\.\d) s/.exec(line)![1]);
    assert.ok(waited >= 2 && waited <= 4.5, line);
    // 2 s of waiting and the 2 s grace, plus a process start.
    assert.ok(took >= 2000 && took < 2000 + 2000 + 2500, `took ${took} ms`);
  });

  it("--wait never passes a number the list says is connected when its /status does not answer (exit 1)", async () => {
    emulator().injectFault({ kind: "hang", path: "/status", times: 100 });
    const result = await runCli(["check", "+15551234567", "--wait", "1", "--json"], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /\+15551234567 \(Primary Sender\) could not be confirmed \(the list says connected; its status did not answer\)/,
    );
    const json = JSON.parse(result.stdout) as { ok: boolean; numbers: Array<{ connected: boolean }> };
    assert.equal(json.ok, false);
    assert.equal(json.numbers[0]!.connected, false);
  });

  it("--wait bounds finding the numbers too: a hanging list gives up within the wait plus the grace (exit 3)", async () => {
    emulator().injectFault({ kind: "hang", times: 100 });
    const started = Date.now();
    const result = await runCli(["check", "+15553456789", "--wait", "2"], { env: emulatorEnv(emulator()) });
    const took = Date.now() - started;
    assert.equal(result.code, 3, result.stderr);
    assert.match(
      oneErrorLine(result),
      /^Gave up on \+15553456789 after waiting 2 s: Chatmaid did not answer before the deadline/,
    );
    assert.ok(took >= 2000 && took < 2000 + 2000 + 2500, `took ${took} ms`);
  });

  it("--wait does not wait for a number that is not in the account", async () => {
    const result = await runCli(["check", "+15553456789", "+15550000000", "--wait", "30"], {
      env: emulatorEnv(emulator(), FAST),
    });
    assert.equal(result.code, 1);
    assert.match(
      oneErrorLine(result),
      /^2 of 2 numbers not connected: \+15553456789 \(Onboarding Bot\) is connecting; \+15550000000 was not found in the account$/,
    );
    assert.equal(statusPolls(emulator()), 1);
  });

  it("--json prints ok, waitedSeconds and one entry per number; the exit code still says it", async () => {
    const [ok, failed] = await Promise.all([
      runCli(["check", "507f1f77bcf86cd799439011", "--json"], { env: emulatorEnv(emulator()) }),
      runCli(["check", "+15552345678", "+15550000000", "--json"], { env: emulatorEnv(emulator()) }),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), {
      ok: true,
      waitedSeconds: 0,
      numbers: [
        {
          identifier: "507f1f77bcf86cd799439011",
          found: true,
          connected: true,
          id: "507f1f77bcf86cd799439011",
          phoneNumber: "+15551234567",
          displayName: "Primary Sender",
          connectionStatus: "connected",
          lastConnectedAt: "2026-02-06T14:10:00.000Z",
          lastDisconnectedAt: null,
          updatedAt: "2026-02-06T14:10:00.000Z",
        },
      ],
    });
    assert.equal(failed.code, 1);
    const report = JSON.parse(failed.stdout) as { ok: boolean; numbers: Array<Record<string, unknown>> };
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.numbers.map((n) => [n.identifier, n.found, n.connected, n.connectionStatus]),
      [
        ["+15552345678", true, false, "disconnected"],
        ["+15550000000", false, false, "missing"],
      ],
    );
    assert.match(oneErrorLine(failed), /^2 of 2 numbers not connected/);
  });

  it("--json --wait keeps stdout pure JSON (progress goes to stderr)", async () => {
    const result = await runCli(["check", "+15553456789", "--wait", "10", "--json"], {
      env: emulatorEnv(emulator(), FAST),
    });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; waitedSeconds: number };
    assert.equal(report.ok, true);
    assert.ok(report.waitedSeconds > 0 && report.waitedSeconds < 10);
    assert.match(result.stderr, /^Waiting up to 10 s/);
    assert.match(result.stderr, new RegExp(`\nAll numbers connected after ${report.waitedSeconds.toFixed(1)} s\\.\n$`));
  });
});
