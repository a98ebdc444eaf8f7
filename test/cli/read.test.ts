import assert from "node:assert/strict";
import { SAMPLE_TEST_NUMBERS } from "../../emulator";
import { assertPlainOutput, emulatorEnv, oneErrorLine, runCli, useEmulator } from "./helpers";

const FIELDS = [
  "id",
  "phoneNumber",
  "displayName",
  "connectionStatus",
  "lastConnectedAt",
  "lastDisconnectedAt",
  "createdAt",
  "updatedAt",
];

/** Splits a table into rows of cells (two or more spaces separate cells). */
function rows(table: string): string[][] {
  return table
    .trimEnd()
    .split("\n")
    .map((line) => line.split(/ {2,}/));
}

describe("cli: list, get and status", function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it("list prints a table of every number, aligned, without colour when piped", async () => {
    const result = await runCli(["list"], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assertPlainOutput(result);
    const table = rows(result.stdout);
    assert.deepEqual(table[0], ["NUMBER", "NAME", "STATUS", "LAST CONNECTED", "ID"]);
    assert.equal(table.length, 1 + SAMPLE_TEST_NUMBERS.length);
    assert.deepEqual(table[1], [
      "+15551234567",
      "Primary Sender",
      "connected",
      "2026-02-06 14:10:00 UTC",
      "507f1f77bcf86cd799439011",
    ]);
    assert.deepEqual(table.find((r) => r[0] === "+15555678901")!.slice(1, 3), ["-", "connected"], "no display name");
    assert.deepEqual(table.find((r) => r[0] === "+15554567890")!.slice(2, 4), ["qr_pending", "never"]);
    // Columns line up: each header starts where its values start.
    const lines = result.stdout.split("\n");
    const statusAt = lines[0]!.indexOf("STATUS");
    assert.ok(
      lines.slice(1, -1).every((l) => /^[a-z_]/.test(l.slice(statusAt))),
      result.stdout,
    );
  });

  it("list --json prints every number with the documented fields", async () => {
    const result = await runCli(["list", "--json"], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 0, result.stderr);
    const numbers = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    assert.equal(numbers.length, SAMPLE_TEST_NUMBERS.length);
    for (const n of numbers) assert.deepEqual(Object.keys(n), FIELDS);
    assert.deepEqual(numbers[0], {
      id: "507f1f77bcf86cd799439011",
      phoneNumber: "+15551234567",
      displayName: "Primary Sender",
      connectionStatus: "connected",
      lastConnectedAt: "2026-02-06T14:10:00.000Z",
      lastDisconnectedAt: numbers[0]!.lastDisconnectedAt,
      createdAt: numbers[0]!.createdAt,
      updatedAt: numbers[0]!.updatedAt,
    });
  });

  it("list --status filters, repeated or comma-separated, in any case", async () => {
    const [result, table] = await Promise.all([
      runCli(["list", "--status", "Disconnected,error", "--status", "qr_pending", "--json"], {
        env: emulatorEnv(emulator()),
      }),
      runCli(["--status", "connected", "list"], { env: emulatorEnv(emulator()) }),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const statuses = (JSON.parse(result.stdout) as Array<{ connectionStatus: string }>)
      .map((n) => n.connectionStatus)
      .sort();
    assert.deepEqual(statuses, ["disconnected", "error", "qr_pending"]);

    assert.deepEqual(
      rows(table.stdout)
        .slice(1)
        .map((r) => r[0]),
      ["+15551234567", "+15555678901"],
    );
  });

  it("list --status with an unknown status prints nothing matching and a note on stderr", async () => {
    const [result, json] = await Promise.all([
      runCli(["list", "--status", "conected"], { env: emulatorEnv(emulator()) }),
      runCli(["list", "--status", "conected", "--json"], { env: emulatorEnv(emulator()) }),
    ]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "No phone numbers with status conected.\n");
    assert.match(result.stderr, /note: no number has status "conected"; known statuses are connected, disconnected/);
    assert.deepEqual(JSON.parse(json.stdout), []);
  });

  it("list --status with a key pasted in place of a status prints neither the key nor control characters", async () => {
    const pasted = "sk_live_Zq8xR2mVt7LpW4nK9sJd";
    const result = await runCli(["list", "--status", `${pasted}\u202e`], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "No phone numbers with status sk_live_[redacted]?.\n");
    assert.match(result.stderr, /no number has status "sk_live_\[redacted\]\\u202e"/);
    assert.ok(
      !(result.stdout + result.stderr).toLowerCase().includes("zq8xr2"),
      "statuses are lower-cased: compare so",
    );
  });

  it("get finds a number by E.164 (friendly formatting allowed) and by id", async () => {
    const ids = ["+1 (555) 234-5678", "65c1a2b3c4d5e6f708192a3b", "65C1A2B3C4D5E6F708192A3B"];
    for (const result of await Promise.all(ids.map((id) => runCli(["get", id], { env: emulatorEnv(emulator()) })))) {
      assert.equal(result.code, 0, result.stderr);
      assertPlainOutput(result);
      const table = rows(result.stdout);
      assert.equal(table.length, 2);
      assert.deepEqual(table[1], [
        "+15552345678",
        "Support Line",
        "disconnected",
        "2026-02-03 09:00:00 UTC",
        "65c1a2b3c4d5e6f708192a3b",
      ]);
    }
  });

  it("get --json prints one object", async () => {
    const result = await runCli(["get", "+15555678901", "--json"], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 0, result.stderr);
    const number = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(number), FIELDS);
    assert.equal(number.displayName, null);
    assert.equal(number.id, "65c1a2b3c4d5e6f708192a3e");
  });

  it("status reads /status and shows the name too", async () => {
    emulator().setStatus("+15551234567", "disconnected");
    const result = await runCli(["status", "507f1f77bcf86cd799439011"], { env: emulatorEnv(emulator()) });
    assert.equal(result.code, 0, `status exits 0 whatever the status: ${result.stderr}`);
    const table = rows(result.stdout);
    assert.deepEqual(table[0], ["NUMBER", "NAME", "STATUS", "LAST CONNECTED", "LAST DISCONNECTED"]);
    assert.deepEqual(table[1]!.slice(0, 3), ["+15551234567", "Primary Sender", "disconnected"]);
    assert.ok(
      emulator().requests.some((r) => r.path === "/v1/phone-numbers/507f1f77bcf86cd799439011/status"),
      "used /status",
    );

    const json = await runCli(["status", "+15551234567", "--json"], { env: emulatorEnv(emulator()) });
    const number = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.equal(number.connectionStatus, "disconnected");
    assert.equal(number.displayName, "Primary Sender");
    assert.deepEqual(Object.keys(number), FIELDS);
  });

  it("get and status of an unknown number exit 3 with one line naming it", async () => {
    const runs = ["get", "status"].map((command) =>
      runCli([command, "+15550000000"], { env: emulatorEnv(emulator()) }),
    );
    for (const result of await Promise.all(runs)) {
      assert.equal(result.code, 3, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(oneErrorLine(result), /^Phone number \+15550000000 was not found in the Chatmaid account/);
      assertPlainOutput(result);
    }
  });

  it("no colour when NO_COLOR is set (and none when piped anyway)", async () => {
    const result = await runCli(["list"], { env: emulatorEnv(emulator(), { NO_COLOR: "1" }) });
    assert.equal(result.code, 0);
    assertPlainOutput(result);
  });

  it("the live key sees only the live numbers", async () => {
    const result = await runCli(["list", "--json"], {
      env: emulatorEnv(emulator(), { CHATMAID_API_KEY: "sk_live_emulator" }),
    });
    assert.deepEqual(
      (JSON.parse(result.stdout) as Array<{ phoneNumber: string }>).map((n) => n.phoneNumber),
      ["+15557654321", "+15557654322"],
    );
  });
});
