/**
 * The provider's configuration over the engine's protocol: CheckConfig,
 * DiffConfig and Configure (args with secrets wrapped, or the older
 * variables; numbers as numbers or strings; the engine's `version`), two
 * provider processes for two accounts, and the plugin's own environment.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { startChatmaidPlugin } from "../../support/chatmaidPlugin";
import { secret, type ProviderPlugin } from "../../support/providerPlugin";

const KEY = "sk_test_emulator";
const LIVE_KEY = "sk_live_emulator";
const SENTINEL = "sk_test_SENTINEL_cfg_7f3a91b2c4d5e6f7";

describe("pulumi-resource-chatmaid: configuration", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let plugin: ProviderPlugin;
  before(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    plugin = await startChatmaidPlugin("bin");
  });
  after(async () => {
    await plugin.stop();
    await emulator.close();
  });

  it("CheckConfig accepts good settings, numbers as strings or numbers, and echoes the inputs with the engine's version", async () => {
    const news = {
      apiKey: KEY,
      baseUrl: `${emulator.url}/v1/`,
      environment: "test",
      maxRequestsPerMinute: "50",
      maxRetries: 2,
      timeoutSeconds: "5",
      cacheSeconds: 0,
      version: "0.1.0",
    };
    const checked = await plugin.checkConfig({}, news);
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(checked.inputs, news);
  });

  it("CheckConfig refuses each malformed setting on its property, never echoing the key", async () => {
    const checked = await plugin.checkConfig(
      {},
      {
        apiKey: SENTINEL.replace("sk_test_", "pk_"),
        baseUrl: "http://chatmaid.example",
        environment: "staging",
        maxRetries: "11",
        timeoutSeconds: "0",
        maxRequestsPerMinute: "lots",
        cacheSeconds: -1,
      },
    );
    assert.deepEqual(checked.failures.map((f) => f.property).sort(), [
      "apiKey",
      "baseUrl",
      "cacheSeconds",
      "environment",
      "maxRequestsPerMinute",
      "maxRetries",
      "timeoutSeconds",
    ]);
    for (const f of checked.failures) {
      assert.match(f.reason, /provider config chatmaid:/, f.reason);
      assert.ok(!f.reason.includes("SENTINEL_cfg"), `the key is repeated: ${f.reason}`);
    }
    const mismatch = await plugin.checkConfig({}, { apiKey: LIVE_KEY, environment: "test" });
    assert.deepEqual(
      mismatch.failures.map((f) => f.property),
      ["environment"],
    );
    assert.match(mismatch.failures[0]!.reason, /is a live key/);
  });

  it("CheckConfig with no key anywhere fails on apiKey, naming the ways to set one", async () => {
    const checked = await plugin.checkConfig({}, { baseUrl: emulator.url });
    assert.equal(checked.failures.length, 1);
    assert.equal(checked.failures[0]!.property, "apiKey");
    assert.match(checked.failures[0]!.reason, /chatmaid:apiKey.*CHATMAID_API_KEY/);
  });

  it("CheckConfig does not judge a value not known yet (preview)", async () => {
    const checked = await plugin.checkConfig({}, { apiKey: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", maxRetries: "3" });
    assert.deepEqual(checked.failures, []);
  });

  it("DiffConfig: a changed setting updates the provider, never replaces its resources; the same settings are no change", async () => {
    const olds = { apiKey: KEY, baseUrl: emulator.url, version: "0.1.0" };
    const same = await plugin.diffConfig(olds, { ...olds, maxRetries: undefined });
    assert.equal(same.changes, "none");
    const changed = await plugin.diffConfig(olds, { ...olds, apiKey: LIVE_KEY, maxRetries: "5" });
    assert.equal(changed.changes, "some");
    assert.deepEqual(changed.diffs.sort(), ["apiKey", "maxRetries"]);
    assert.deepEqual(changed.replaces, []);
  });

  const argsForms: Array<[string, Parameters<ProviderPlugin["configure"]>[0]]> = [
    [
      "args, with the key wrapped as a secret and the engine's version",
      { args: { apiKey: secret(KEY), baseUrl: "", version: "0.1.0" } },
    ],
    ["the older variables map", { variables: { apiKey: KEY, baseUrl: "" }, args: {} }],
  ];
  for (const [name, request] of argsForms) {
    it(`Configure reads ${name}`, async () => {
      const configured = await startChatmaidPlugin("bin");
      try {
        const withUrl = JSON.parse(JSON.stringify(request).replace(/"baseUrl":""/, `"baseUrl":"${emulator.url}"`));
        const answer = await configured.configure(withUrl);
        assert.equal(answer.acceptSecrets, false, "the engine keeps secrets secret itself");
        assert.equal(answer.supportsPreview, true);
        const result = await configured.invoke("chatmaid:index:getPhoneNumbers", {});
        assert.equal(result.return.environment, "test");
        assert.ok((result.return.ids as string[]).includes("507f1f77bcf86cd799439011"));
      } finally {
        await configured.stop();
      }
    });
  }

  it("two plugin processes read two accounts side by side (explicit providers)", async () => {
    const test = await startChatmaidPlugin("bin");
    const live = await startChatmaidPlugin("bin");
    try {
      await test.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url } });
      await live.configure({ args: { apiKey: secret(LIVE_KEY), baseUrl: emulator.url, maxRetries: 1 } });
      const [fromTest, fromLive] = await Promise.all([
        test.invoke("chatmaid:index:getPhoneNumbers", {}),
        live.invoke("chatmaid:index:getPhoneNumbers", {}),
      ]);
      assert.equal(fromTest.return.environment, "test");
      assert.equal(fromLive.return.environment, "live");
      assert.deepEqual(
        (fromLive.return.ids as string[]).sort(),
        emulator
          .getNumbers("live")
          .map((n) => n.id)
          .sort(),
      );
      assert.notDeepEqual(fromTest.return.ids, fromLive.return.ids);
    } finally {
      await Promise.all([test.stop(), live.stop()]);
    }
  });

  it("falls back to the plugin's CHATMAID_* environment when the config has no key", async () => {
    const fromEnv = await startChatmaidPlugin("bin", {
      env: { CHATMAID_API_KEY: KEY, CHATMAID_BASE_URL: emulator.url },
    });
    try {
      await fromEnv.configure({ args: {} });
      const result = await fromEnv.invoke("chatmaid:index:getPhoneNumber", { id: "+15551234567" });
      assert.equal(result.return.id, "507f1f77bcf86cd799439011");
    } finally {
      await fromEnv.stop();
    }
  });

  it("a refused key fails invokes naming where it came from, never its value, in no response, log or stderr", async () => {
    const refused = await startChatmaidPlugin("bin");
    try {
      await refused.configure({ args: { apiKey: secret(SENTINEL), baseUrl: emulator.url } });
      await assert.rejects(refused.invoke("chatmaid:index:getPhoneNumbers", {}), (e: unknown) => {
        assert.match((e as Error).message, /rejected the API key from provider config chatmaid:apiKey \(401/);
        assert.ok(!(e as Error).message.includes("SENTINEL_cfg"));
        return true;
      });
      const everything = JSON.stringify(refused.engineLogs) + refused.stdout + refused.stderr;
      assert.ok(!everything.includes("SENTINEL_cfg"));
    } finally {
      await refused.stop();
    }
  });
});
