import assert from "node:assert/strict";
import { AuthenticationError, InvalidInputError, resolveSettings, type SettingsSources } from "../../../provider";

const KEY_BODY = "Zq8xR2mVt7LpW4nK9sJd";

/** Sources with nothing in the environment unless given. */
function sources(partial: SettingsSources): SettingsSources {
  return { env: {}, ...partial };
}

describe("resolveSettings", () => {
  it("takes the explicit argument, then stack config, then the environment", () => {
    const config = (key: string) =>
      ({ "chatmaid:apiKey": "sk_test_config", "chatmaid:baseUrl": "http://127.0.0.1:2/v1" })[key];
    const env = { CHATMAID_API_KEY: "sk_live_env", CHATMAID_BASE_URL: "http://127.0.0.1:3" };
    const explicit = resolveSettings({
      explicit: { apiKey: "sk_test_explicit", baseUrl: "http://127.0.0.1:1/" },
      config,
      env,
    });
    assert.deepEqual(
      [explicit.apiKey, explicit.keySource, explicit.baseUrl],
      ["sk_test_explicit", "the apiKey argument", "http://127.0.0.1:1"],
    );
    const fromConfig = resolveSettings({ config, env });
    assert.deepEqual(
      [fromConfig.apiKey, fromConfig.keySource, fromConfig.baseUrl],
      ["sk_test_config", "stack config chatmaid:apiKey", "http://127.0.0.1:2"],
    );
    const fromEnv = resolveSettings({ config: () => undefined, env });
    assert.deepEqual(
      [fromEnv.apiKey, fromEnv.keySource, fromEnv.environment],
      ["sk_live_env", "the CHATMAID_API_KEY environment variable", "live"],
    );
  });

  it("with no key, names every way that applies to the caller", () => {
    const message = (s: SettingsSources) => {
      try {
        resolveSettings(sources(s));
      } catch (e) {
        assert.ok(e instanceof AuthenticationError);
        return e.message;
      }
      assert.fail("expected a missing-key error");
    };
    const config = () => undefined;
    assert.equal(
      message({ explicit: {}, config }),
      "No Chatmaid API key was found. Set one of: the apiKey argument; stack config (pulumi config set --secret chatmaid:apiKey sk_test_...); " +
        "or the CHATMAID_API_KEY environment variable to your sk_test_... or sk_live_... key.",
    );
    // The CLI: a flag and the environment, no stack config.
    assert.match(
      message({ explicit: {}, explicitName: () => "the --api-key flag" }),
      /Set one of: the --api-key flag; or the CHATMAID_API_KEY environment variable to/,
    );
    // The PhoneNumber provider: stack config and the environment, no argument.
    const resource = message({ config });
    assert.match(resource, /Set one of: stack config .*; or the CHATMAID_API_KEY environment variable to/);
    assert.doesNotMatch(resource, /argument/);
    assert.match(
      message({}),
      /Set the CHATMAID_API_KEY environment variable to your sk_test_\.\.\. or sk_live_\.\.\. key\.$/,
    );
  });

  it("refuses a key of the wrong environment for chatmaid:environment", () => {
    assert.throws(
      () =>
        resolveSettings(
          sources({ config: (k) => ({ "chatmaid:apiKey": `sk_test_${KEY_BODY}`, "chatmaid:environment": "live" })[k] }),
        ),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.code === "environment_mismatch" &&
        /test key/.test(e.message) &&
        !e.message.includes(KEY_BODY),
    );
  });

  // Someone pastes the key into the wrong setting: the message names the setting, never the key.
  for (const [setting, env] of [
    ["environment", "CHATMAID_ENVIRONMENT"],
    ["maxRetries", "CHATMAID_MAX_RETRIES"],
    ["timeoutSeconds", "CHATMAID_TIMEOUT_SECONDS"],
    ["baseUrl", "CHATMAID_BASE_URL"],
  ] as const) {
    it(`refuses a key pasted into ${setting} without repeating it`, () => {
      const pasted = `sk_live_${KEY_BODY}`;
      assert.throws(
        () => resolveSettings(sources({ explicit: { apiKey: "sk_test_ok" }, env: { [env]: pasted } })),
        (e: unknown) =>
          e instanceof InvalidInputError && e.message.includes(env) && !e.message.includes(KEY_BODY.slice(0, 6)),
      );
    });
  }

  it("quotes a bad numeric setting without control characters", () => {
    assert.throws(
      () =>
        resolveSettings(
          sources({ explicit: { apiKey: "sk_test_ok" }, env: { CHATMAID_MAX_RETRIES: "three\u202e\n" } }),
        ),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        /CHATMAID_MAX_RETRIES environment variable must be a whole number from 0 to 10, not "three\\u202e\\n"/.test(
          e.message,
        ),
    );
  });
});
