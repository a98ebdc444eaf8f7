/**
 * The three functions as engine invokes: the same results as the Node
 * functions (one implementation), failures naming the number, arguments
 * refused before any request, requests shared between concurrent invokes,
 * and waits that report to the engine and stop on Cancel.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { resetSharedState } from "../../../provider";
import { getPhoneNumber, getPhoneNumbers, getPhoneNumberStatus } from "../../../sdk/nodejs";
import { startChatmaidPlugin } from "../../support/chatmaidPlugin";
import { PluginRpcError, secret, type ProviderPlugin } from "../../support/providerPlugin";
import { NO_CHATMAID_ENV, useMocks, withEnv } from "../../support/pulumiMocks";

const KEY = "sk_test_emulator";

describe("pulumi-resource-chatmaid: functions", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let plugin: ProviderPlugin;
  before(async () => {
    emulator = await startEmulator({ rateLimit: 0, connectingPolls: 2 });
    plugin = await startChatmaidPlugin("bin");
    // cacheSeconds 0: every invoke reads again, so request counts are per invoke.
    await plugin.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url, cacheSeconds: "0" } });
  });
  after(async () => {
    await plugin.stop();
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
  });

  it("answer exactly what the Node functions answer", async () => {
    const invoked = await Promise.all([
      plugin.invoke("chatmaid:index:getPhoneNumbers", { connectionStatus: ["connected", "error"] }),
      plugin.invoke("chatmaid:index:getPhoneNumber", { id: "+1 (555) 123-4567" }),
      plugin.invoke("chatmaid:index:getPhoneNumberStatus", { id: "65c1a2b3c4d5e6f708192a3b" }),
    ]);
    const node = await withEnv(NO_CHATMAID_ENV, async () => {
      resetSharedState();
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": emulator.url } });
      return Promise.all([
        getPhoneNumbers({ connectionStatus: ["connected", "error"] }),
        getPhoneNumber({ id: "+1 (555) 123-4567" }),
        getPhoneNumberStatus({ id: "65c1a2b3c4d5e6f708192a3b" }),
      ]);
    });
    assert.deepEqual(
      invoked.map((r) => r.return),
      JSON.parse(JSON.stringify(node)),
    );
    assert.ok(invoked.every((r) => r.failures.length === 0));
  });

  it("a number not in the account fails naming it", async () => {
    await assert.rejects(plugin.invoke("chatmaid:index:getPhoneNumber", { id: "+15550000000" }), (e: unknown) => {
      assert.ok(e instanceof PluginRpcError);
      assert.match(e.message, /Phone number \+15550000000 was not found in the Chatmaid account/);
      return true;
    });
    await assert.rejects(
      plugin.invoke("chatmaid:index:getPhoneNumbers", { required: ["+15550000000", "+15551234567"] }),
      /1 required Chatmaid phone number is not in the account .*: \+15550000000/,
    );
  });

  it("requireConnected fails naming every number that is not connected", async () => {
    await assert.rejects(
      plugin.invoke("chatmaid:index:getPhoneNumbers", {
        required: ["+15552345678", "+15554567890"],
        requireConnected: true,
      }),
      (e: unknown) => {
        assert.match((e as Error).message, /2 Chatmaid phone numbers that must be connected are not connected/);
        assert.match((e as Error).message, /\+15552345678 "Support Line".*: disconnected/);
        assert.match((e as Error).message, /\+15554567890 "Marketing".*: qr_pending/);
        return true;
      },
    );
  });

  for (const [args, message] of [
    [
      { connectionStatus: "conected" },
      /connectionStatus "conected" is not a Chatmaid connection status; use connected, disconnected/,
    ],
    [{ waitForConnectedSeconds: 5 }, /waitForConnectedSeconds only applies with requireConnected: true/],
    [{ requireConnected: true, waitForConnectedSeconds: 1e12 }, /from 0 to 3600/],
    [{ required: ["not-a-number"] }, /Phone identifier "not-a-number" is not valid/],
    [{ requireConected: true }, /"requireConected" is not an argument/],
    // An invoke's account is its provider's: another account is another provider instance.
    [
      { apiKey: "sk_live_emulator" },
      /"apiKey" is not an argument; use connectionStatus, displayName, required, requireConnected, waitForConnectedSeconds\./,
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(args)} with INVALID_ARGUMENT, before any request`, async () => {
      await assert.rejects(plugin.invoke("chatmaid:index:getPhoneNumbers", args), (e: unknown) => {
        assert.ok(e instanceof PluginRpcError);
        assert.equal(e.codeName, "INVALID_ARGUMENT");
        assert.match(e.message, message);
        return true;
      });
      assert.equal(emulator.requests.length, 0);
    });
  }

  it("an unknown function token is refused", async () => {
    await assert.rejects(plugin.invoke("chatmaid:index:getNothing", {}), /has no function chatmaid:index:getNothing/);
  });

  it("50 concurrent lookups of listed numbers cost at most 2 requests, as with the Node functions", async () => {
    const shared = await startChatmaidPlugin("bin");
    try {
      await shared.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url } });
      emulator.setLatency(50);
      const numbers = emulator.getNumbers("test");
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          shared.invoke("chatmaid:index:getPhoneNumber", { id: numbers[i % numbers.length]!.phoneNumber }),
        ),
      );
      assert.equal(results.length, 50);
      assert.ok(emulator.requests.length <= 2, `${emulator.requests.length} requests`);
    } finally {
      await shared.stop();
    }
  });

  it("a wait reports to the engine's Log service, quietly (debug) while it is short", async () => {
    const result = await plugin.invoke("chatmaid:index:getPhoneNumber", {
      id: "+15553456789",
      requireConnected: true,
      waitForConnectedSeconds: 30,
    });
    assert.equal(result.return.connectionStatus, "connected");
    for (let i = 0; i < 50 && !plugin.engineLogs.some((l) => /connecting -> connected/.test(l.message)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const lines = plugin.engineLogs.filter((l) => /\+15553456789/.test(l.message));
    assert.ok(
      lines.some((l) => /^Waiting up to 30 s for 1 Chatmaid number to connect/.test(l.message)),
      JSON.stringify(lines),
    );
    assert.ok(lines.some((l) => /connecting -> connected/.test(l.message)));
    assert.ok(
      lines.every((l) => l.severity === 0),
      "debug only",
    );
  });

  it("Cancel stops a wait in flight at once, with CANCELLED", async () => {
    const cancelled = await startChatmaidPlugin("bin");
    try {
      await cancelled.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url } });
      const started = Date.now();
      const outcome = cancelled
        .invoke("chatmaid:index:getPhoneNumber", {
          id: "+15554567890",
          requireConnected: true,
          waitForConnectedSeconds: 600,
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      await new Promise((r) => setTimeout(r, 300));
      await cancelled.cancel();
      const error = await outcome;
      assert.ok(error instanceof PluginRpcError, String(error));
      assert.equal(error.codeName, "CANCELLED");
      assert.match(error.message, /cancelled/);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await cancelled.stop();
    }
  });
});
