import assert from "node:assert/strict";
import { SAMPLE_TEST_NUMBERS, startEmulator, type RunningEmulator } from "../../emulator";
import { control, get, useEmulator } from "./helpers";

const CONNECTING = SAMPLE_TEST_NUMBERS.find((n) => n.connectionStatus === "connecting")!;
const PRIMARY = SAMPLE_TEST_NUMBERS[0]!;

async function status(
  emulator: RunningEmulator,
  idOrE164: string,
  key = "sk_test_emulator",
): Promise<Record<string, unknown>> {
  const res = await get(emulator, `/v1/phone-numbers/${encodeURIComponent(idOrE164)}/status`, key);
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

describe("emulator: connection status simulation", () => {
  const emulator = useEmulator();

  it("answers connecting for 3 polls (default), then connected with fresh timestamps", async () => {
    const before = Date.now();
    for (let i = 0; i < 3; i++) assert.equal((await status(emulator(), CONNECTING.id)).connectionStatus, "connecting");
    const after = await status(emulator(), CONNECTING.id);
    assert.equal(after.connectionStatus, "connected");
    assert.ok(Date.parse(after.lastConnectedAt as string) >= before);
    assert.equal(after.updatedAt, after.lastConnectedAt);
    // The single-number and list endpoints agree, and only /status polls count.
    const one = (await (await get(emulator(), `/v1/phone-numbers/${CONNECTING.id}`)).json()) as {
      data: { connectionStatus: string };
    };
    assert.equal(one.data.connectionStatus, "connected");
  });

  it("counts polls per number, whichever form of :id is used, and not GET /:id reads", async () => {
    for (let i = 0; i < 5; i++) await get(emulator(), `/v1/phone-numbers/${CONNECTING.id}`);
    assert.equal((await status(emulator(), CONNECTING.phoneNumber)).connectionStatus, "connecting");
    assert.equal((await status(emulator(), CONNECTING.id)).connectionStatus, "connecting");
    assert.equal((await status(emulator(), CONNECTING.phoneNumber)).connectionStatus, "connecting");
    assert.equal((await status(emulator(), CONNECTING.id)).connectionStatus, "connected");
  });

  it("honours connectingPolls (0 connects on the first poll, Infinity never)", async () => {
    for (const [polls, expected] of [
      [0, "connected"],
      [Infinity, "connecting"],
    ] as const) {
      const e = await startEmulator({ connectingPolls: polls });
      try {
        for (let i = 0; i < 4; i++) await status(e, CONNECTING.id);
        assert.equal((await status(e, CONNECTING.id)).connectionStatus, expected);
      } finally {
        await e.close();
      }
    }
  });

  it("setStatus flips a number like the dashboard, by id or E.164, and restarts the poll count", async () => {
    const before = Date.now();
    const updated = emulator().setStatus("+15551234567", "disconnected");
    assert.equal(updated.connectionStatus, "disconnected");
    assert.equal(updated.lastConnectedAt, PRIMARY.lastConnectedAt, "unchanged");
    assert.ok(Date.parse(updated.lastDisconnectedAt!) >= before);
    assert.equal(updated.updatedAt, updated.lastDisconnectedAt);
    assert.deepEqual(await status(emulator(), PRIMARY.id), {
      id: PRIMARY.id,
      phoneNumber: PRIMARY.phoneNumber,
      connectionStatus: "disconnected",
      lastConnectedAt: PRIMARY.lastConnectedAt,
      lastDisconnectedAt: updated.lastDisconnectedAt,
      updatedAt: updated.updatedAt,
    });
    emulator().setStatus(PRIMARY.id, "connecting");
    assert.equal((await status(emulator(), PRIMARY.id)).connectionStatus, "connecting");
    emulator().setStatus(PRIMARY.id, "some_future_status");
    assert.equal((await status(emulator(), PRIMARY.id)).connectionStatus, "some_future_status");
    assert.equal(SAMPLE_TEST_NUMBERS[0]!.connectionStatus, "connected", "the exported samples are never mutated");
  });

  it("setStatus throws for unknown numbers and respects the account", () => {
    assert.throws(() => emulator().setStatus("+15550000000", "connected"), /No phone number/);
    assert.throws(() => emulator().setStatus("+15557654321", "connected", "test"), /No phone number/);
    assert.equal(
      emulator().setStatus("+15557654321", "disconnected").environment,
      "live",
      "without account: test, then live",
    );
  });

  it("POST /_emulator/phone-numbers/:id/status flips a number without an API key or rate budget", async () => {
    const res = await control(emulator(), "POST", "/phone-numbers/%2B15557654322/status", {
      connectionStatus: "connected",
      account: "live",
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { success: boolean; data: { connectionStatus: string; id: string } };
    assert.equal(body.success, true);
    assert.equal(body.data.connectionStatus, "connected");
    assert.equal((await status(emulator(), body.data.id, "sk_live_emulator")).connectionStatus, "connected");
    assert.equal(
      (await control(emulator(), "POST", "/phone-numbers/%2B15550000000/status", { connectionStatus: "connected" }))
        .status,
      404,
    );
    assert.equal(
      (await control(emulator(), "POST", `/phone-numbers/${PRIMARY.id}/status`, { connectionStatus: "" })).status,
      400,
    );
    assert.equal(
      (
        await control(emulator(), "POST", `/phone-numbers/${PRIMARY.id}/status`, {
          connectionStatus: "x",
          account: "prod",
        })
      ).status,
      400,
    );
    assert.equal(emulator().requests.length, 1, "control routes are not recorded as API requests");
  });
});
