/**
 * A Chatmaid outage must not block every deploy: a PhoneNumber that need not
 * be connected keeps its last known record (with a warning naming the number
 * and the failure) in preview and update; one that must be connected still
 * fails, since the sender can't be confirmed.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import {
  ConnectionError,
  PhoneNumberOperations,
  RateLimitError,
  resetSharedState,
  ServerError,
  type PhoneNumberResourceOutputs,
} from "../../../provider";
import { startDynamicProviderPlugin } from "../../support/dynamicProviderPlugin";
import { serializeDynamicProvider } from "../../support/serializedProvider";

const KEY = "sk_test_emulator";
const PRIMARY = "+15551234567";

describe("outage policy for PhoneNumber", function () {
  this.timeout(20_000);
  let emulator: RunningEmulator;
  let warnings: string[];
  let ops: PhoneNumberOperations;
  let created: { id: string; outs: PhoneNumberResourceOutputs };
  beforeEach(async () => {
    resetSharedState();
    emulator = await startEmulator();
    warnings = [];
    const config = {
      "chatmaid:apiKey": KEY,
      "chatmaid:baseUrl": emulator.url,
      "chatmaid:cacheSeconds": "0",
      "chatmaid:maxRetries": "0",
    };
    ops = new PhoneNumberOperations(config, {
      log: (severity, message) => severity === "warning" && warnings.push(message),
    });
    created = await ops.create({ identifier: PRIMARY });
  });
  afterEach(() => emulator.close());

  const outages: Array<[string, (e: RunningEmulator) => Promise<void> | void, new (...a: never[]) => Error]> = [
    ["Chatmaid answers 503", (e) => e.injectFault({ kind: "status", status: 503, times: 100 }), ServerError],
    [
      "Chatmaid answers 429",
      (e) => e.injectFault({ kind: "status", status: 429, retryAfter: 1, times: 100 }),
      RateLimitError,
    ],
    ["Chatmaid cannot be reached", (e) => e.close(), ConnectionError],
  ];
  for (const [name, outage, errorClass] of outages) {
    it(`${name}: diff and update keep the last known record with a warning, without requireConnected`, async () => {
      await outage(emulator);
      const news = { identifier: PRIMARY };
      assert.deepEqual(await ops.diff(created.id, created.outs, news), { changes: false, replaces: [], diffs: [] });
      const updated = await ops.update({ identifier: PRIMARY }, created.outs);
      assert.deepEqual(updated.outs, created.outs);
      assert.ok(warnings.length >= 2, warnings.join("\n"));
      for (const warning of warnings) {
        assert.match(warning, /^Chatmaid could not be read for \+15551234567: /);
        assert.match(warning, /Kept its last known record \(connected, updated /);
      }
    });

    it(`${name}: with requireConnected, diff and update fail`, async () => {
      await outage(emulator);
      const news = { identifier: PRIMARY, requireConnected: true };
      await assert.rejects(ops.diff(created.id, created.outs, news), errorClass);
      await assert.rejects(ops.update(news, created.outs), errorClass);
      assert.deepEqual(warnings, []);
    });
  }

  it("dropping requireConnected during an outage is an update, stored with the last known record", async () => {
    const required = await ops.create({ identifier: PRIMARY, requireConnected: true });
    emulator.injectFault({ kind: "status", status: 503, times: 100 });
    const news = { identifier: PRIMARY, requireConnected: false };
    assert.deepEqual(await ops.diff(required.id, required.outs, news), {
      changes: true,
      replaces: [],
      diffs: ["requireConnected"],
    });
    const updated = (await ops.update(news, required.outs)).outs;
    assert.equal(updated.requireConnected, false);
    assert.equal(updated.connectionStatus, "connected");
  });

  it("another account during an outage can't be confirmed either, so it fails", async () => {
    emulator.injectFault({ kind: "status", status: 503, times: 100 });
    await assert.rejects(
      ops.diff(created.id, created.outs, { identifier: PRIMARY, apiKey: "sk_live_emulator" }),
      ServerError,
    );
  });

  it("another identifier during an outage can't be confirmed, so it fails", async () => {
    emulator.injectFault({ kind: "status", status: 503, times: 100 });
    await assert.rejects(ops.diff(created.id, created.outs, { identifier: "+15552345678" }), ServerError);
  });

  it("a refused key is not an outage: it fails as it is", async () => {
    const refused = new PhoneNumberOperations({
      "chatmaid:apiKey": "sk_test_not_a_real_key",
      "chatmaid:baseUrl": emulator.url,
    });
    await assert.rejects(refused.diff(created.id, created.outs, { identifier: PRIMARY }), /rejected the API key/);
  });

  it("through the dynamic-provider plugin: a preview during an outage shows no change, with the warning", async () => {
    const provider = await serializeDynamicProvider(require("../../../sdk/nodejs/phoneNumberShim").phoneNumberProvider);
    const plugin = await startDynamicProviderPlugin({
      cwd: path.resolve(__dirname, "..", "..", ".."),
      provider,
      pulumiLogToEngine: true,
      env: { CHATMAID_API_KEY: "" },
    });
    try {
      await plugin.configure(
        {
          "chatmaid:apiKey": KEY,
          "chatmaid:baseUrl": emulator.url,
          "chatmaid:cacheSeconds": "0",
          "chatmaid:maxRetries": "0",
        },
        ["chatmaid:apiKey"],
      );
      const made = await plugin.create({ identifier: PRIMARY });
      emulator.injectFault({ kind: "status", status: 503, times: 100 });
      const diff = await plugin.diff(made.id, made.properties, { identifier: PRIMARY });
      assert.equal(diff.changes, "none");
      // The log call may reach the stand-in engine just after the answer.
      for (let i = 0; i < 50 && !plugin.engineLogs.some((l) => l.severity === 2); i++)
        await new Promise((r) => setTimeout(r, 20));
      const warnings = plugin.engineLogs.filter((l) => l.severity === 2).map((l) => l.message);
      assert.equal(warnings.length, 1, JSON.stringify(plugin.engineLogs));
      assert.match(warnings[0]!, /Chatmaid could not be read for \+15551234567: .*503/);
    } finally {
      await plugin.stop();
    }
  });
});
