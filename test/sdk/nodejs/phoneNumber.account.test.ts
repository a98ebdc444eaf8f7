/**
 * A second account in one stack: `PhoneNumber` takes its own `apiKey` and
 * `baseUrl`, overriding stack config and the environment. The key reaches the
 * engine only as a secret, never the serialized provider, and no message.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { PhoneNumber } from "../../../sdk/nodejs/phoneNumber";
import { startDynamicProviderPlugin, type DynamicProviderPlugin } from "../../support/dynamicProviderPlugin";
import { captureDynamicResourceInputs, SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY } from "../../support/serializedProvider";

const LIVE_KEY = "sk_live_emulator";
const REFUSED_KEY = "sk_live_SECOND_ACCOUNT_b7e41c90d2";

describe("PhoneNumber with its own account (apiKey and baseUrl inputs)", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let plugin: DynamicProviderPlugin;
  let provider: string;
  let inputs: Record<string, unknown>;
  let secretInput: unknown;

  before(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    const live = emulator.getNumbers("live")[0]!;
    const captured = await captureDynamicResourceInputs(() => [
      new PhoneNumber("backup", { id: live.phoneNumber, apiKey: pulumi.secret(LIVE_KEY), baseUrl: emulator.url }),
    ]);
    provider = captured[0]!.serializedProvider!;
    inputs = captured[0]!.plainInputs;
    secretInput = captured[0]!.inputs.apiKey;
    plugin = await startDynamicProviderPlugin({
      cwd: path.resolve(__dirname, "..", "..", ".."),
      provider,
      resourceType: "pulumi-nodejs:dynamic/chatmaid:PhoneNumber",
      env: { CHATMAID_API_KEY: "", CHATMAID_BASE_URL: "" },
    });
    // The stack's own account: the test account.
    await plugin.configure({ "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url }, [
      "chatmaid:apiKey",
    ]);
  });
  after(async () => {
    await plugin.stop();
    await emulator.close();
  });

  it("the key reaches the engine only as a secret, and never the serialized provider", () => {
    assert.deepEqual(Object.keys(secretInput as object).sort(), [SPECIAL_SIG_KEY, "value"].sort());
    assert.equal((secretInput as Record<string, unknown>)[SPECIAL_SIG_KEY], SPECIAL_SECRET_SIG);
    assert.ok(!provider.includes(LIVE_KEY) && !provider.includes("emulator"), "the serialized provider holds no key");
  });

  it("create, refresh and update read the resource's own account, not the stack's", async () => {
    const checked = await plugin.check({}, inputs);
    assert.deepEqual(checked.failures, []);
    const created = await plugin.create(checked.inputs);
    const live = emulator.getNumbers("live")[0]!;
    assert.equal(created.id, live.id);
    assert.equal(created.properties.environment, "live");
    // Refresh has only the stored outputs: they carry the key (the engine keeps it secret) and reads the same account.
    const read = await plugin.read(created.id, created.properties);
    assert.equal(read.id, live.id);
    assert.equal(read.properties.environment, "live");
    const diff = await plugin.diff(created.id, created.properties, checked.inputs);
    assert.equal(diff.changes, "none");
    assert.equal(read.properties.apiKey, LIVE_KEY, "kept for the next refresh, as a secret in state");
    // Without its key, the resource falls back to the stack's (test) account, which has no such number.
    const { apiKey: _k, ...withoutKey } = checked.inputs;
    await assert.rejects(
      plugin.diff(created.id, created.properties, withoutKey),
      /key from stack config chatmaid:apiKey/,
    );
  });

  it("a malformed key fails check on apiKey, and a refused one names the input, never the value", async () => {
    const malformed = await plugin.check({}, { ...inputs, apiKey: "pk_live_not_a_chatmaid_key_123" });
    assert.deepEqual(
      malformed.failures.map((f) => f.property),
      ["apiKey"],
    );
    assert.doesNotMatch(malformed.failures[0]!.reason, /not_a_chatmaid_key/);
    await assert.rejects(plugin.create({ ...inputs, apiKey: REFUSED_KEY }), (e: unknown) => {
      assert.match((e as Error).message, /rejected the API key from the apiKey input of the PhoneNumber \(401/);
      assert.ok(!(e as Error).message.includes("SECOND_ACCOUNT"));
      return true;
    });
    assert.ok(!(plugin.stdout + plugin.stderr).includes("SECOND_ACCOUNT"));
  });
});
