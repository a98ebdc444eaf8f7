import assert from "node:assert/strict";
import { inspect } from "node:util";
import { InvalidInputError } from "../../../core/model/errors";
import { resolveSettings, settingFailures } from "../../../core/model/settings";
import type { RedisStoreSetting } from "../../../core/model/sharedStoreSetting";

const KEY = "sk_test_emulator";
const PASSWORD = "Pw-7f3a9c1e5b2d8f4a";

function resolve(sharedStore: string | undefined, env: Record<string, string> = {}) {
  return resolveSettings({ explicit: { apiKey: KEY, sharedStore }, env });
}

describe("sharedStore setting", () => {
  it("is the machine store by default, and off or machine when asked", () => {
    assert.deepEqual(resolve(undefined).sharedStore, { kind: "machine" });
    assert.deepEqual(resolve("off").sharedStore, { kind: "off" });
    assert.deepEqual(resolve(" Machine ").sharedStore, { kind: "machine" });
    const fromEnv = resolveSettings({ explicit: { apiKey: KEY }, env: { CHATMAID_SHARED_STORE: "off" } });
    assert.deepEqual(fromEnv.sharedStore, { kind: "off" });
  });

  it("reads a Redis URL, keeping its password out of JSON, inspect and copies", () => {
    const settings = resolve(`rediss://deployer:${encodeURIComponent(PASSWORD)}@cache.internal:6380/2`);
    const store = settings.sharedStore as RedisStoreSetting;
    assert.equal(store.kind, "redis");
    assert.equal(store.display, "rediss://cache.internal:6380/2");
    assert.deepEqual(
      [store.host, store.port, store.db, store.tls, store.username],
      ["cache.internal", 6380, 2, true, "deployer"],
    );
    assert.equal(store.password, PASSWORD);
    for (const shown of [
      JSON.stringify(settings),
      inspect(settings, { showHidden: true, depth: 5 }),
      JSON.stringify({ ...store }),
    ]) {
      assert.ok(!shown.includes(PASSWORD), shown);
    }
  });

  it("takes the password from CHATMAID_SHARED_STORE_PASSWORD when the URL has none", () => {
    const store = resolve("redis://127.0.0.1:6390", { CHATMAID_SHARED_STORE_PASSWORD: PASSWORD })
      .sharedStore as RedisStoreSetting;
    assert.equal(store.password, PASSWORD);
    assert.equal(store.display, "redis://127.0.0.1:6390/0");
  });

  for (const [what, value] of [
    ["another scheme", `http://user:${PASSWORD}@cache:6379`],
    ["no host", `redis://user:${PASSWORD}@`],
    ["a bad port", `redis://user:${PASSWORD}@cache:99999`],
    ["a path that is not a database", `redis://user:${PASSWORD}@cache:6379/cache`],
    ["a query", `rediss://user:${PASSWORD}@cache:6379/0?password=${PASSWORD}`],
    ["not a URL", `user:${PASSWORD}@cache`],
  ] as const) {
    it(`refuses a URL with ${what} before any request, naming the source and never the password`, () => {
      assert.throws(
        () => resolveSettings({ explicit: { apiKey: KEY }, env: { CHATMAID_SHARED_STORE: value } }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidInputError);
          assert.match(error.message, /CHATMAID_SHARED_STORE environment variable/);
          assert.match(error.message, /redis:\/\/|rediss:\/\//);
          assert.ok(!error.message.includes(PASSWORD), error.message);
          assert.ok(!error.message.includes(PASSWORD.slice(0, 8)), error.message);
          return true;
        },
      );
    });
  }

  it("is reported by property among the settings' failures", () => {
    const failures = settingFailures({ explicit: { apiKey: KEY, sharedStore: "memcached://cache" }, env: {} });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["sharedStore"],
    );
  });
});
