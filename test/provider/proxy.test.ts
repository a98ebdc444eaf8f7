/**
 * Proxies from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, upper and
 * lower case) in the program, the provider plugin process and the CLI,
 * through a forward proxy on loopback that counts what it carries.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ConnectionError, InvalidInputError, PhoneNumberOperations, resetSharedState } from "../../provider";
import { getPhoneNumbers } from "../../sdk";
import { emulatorEnv, runCli } from "../cli/helpers";
import { startDynamicProviderPlugin } from "../support/dynamicProviderPlugin";
import { startForwardProxy, type ForwardProxy } from "../support/forwardProxy";
import { NO_CHATMAID_ENV, useMocks, withEnv } from "../support/pulumiMocks";
import { serializeDynamicProvider } from "../support/serializedProvider";

const KEY = "sk_test_emulator";
const NO_PROXY_ENV = {
  HTTPS_PROXY: undefined,
  HTTP_PROXY: undefined,
  NO_PROXY: undefined,
  https_proxy: undefined,
  http_proxy: undefined,
  no_proxy: undefined,
};
/** Carried through the proxy: a tunnel or an absolute-form request. */
const carried = (proxy: ForwardProxy): number => proxy.connects.length + proxy.absolute.length;

describe("proxies from the environment", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let proxy: ForwardProxy;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  // A fresh proxy each time: a kept-alive tunnel from an earlier test would carry requests unseen.
  beforeEach(async () => {
    resetSharedState();
    proxy = await startForwardProxy();
  });
  afterEach(() => proxy.close());

  const programRead = (env: Record<string, string | undefined>) =>
    withEnv({ ...NO_CHATMAID_ENV, ...NO_PROXY_ENV, ...env }, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": emulator.url } });
      return getPhoneNumbers();
    });

  for (const variable of ["HTTP_PROXY", "http_proxy"]) {
    it(`a program's functions go through ${variable} to an http:// base URL`, async () => {
      const result = await programRead({ [variable]: proxy.url });
      assert.ok(result.ids.length > 0);
      assert.ok(carried(proxy) >= 1, `the proxy carried nothing: ${JSON.stringify(proxy)}`);
      assert.ok(proxy.connects.every((c) => c === `127.0.0.1:${emulator.port}`));
    });
  }

  it("NO_PROXY (either case) sends the host directly", async () => {
    for (const variable of ["NO_PROXY", "no_proxy"]) {
      resetSharedState();
      assert.ok(
        (await programRead({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, [variable]: "127.0.0.1" })).ids.length > 0,
      );
    }
    assert.equal(carried(proxy), 0);
  });

  it("an empty lower-case variable does not hide the upper-case one", async () => {
    await programRead({ http_proxy: "", HTTP_PROXY: proxy.url });
    assert.ok(carried(proxy) >= 1);
  });

  it("sends the proxy's credentials to it, and never prints them", async () => {
    const guarded = await startForwardProxy({ credentials: "ci-user:pr0xy-s3cret" });
    try {
      assert.ok((await programRead({ HTTP_PROXY: guarded.urlWith("ci-user:pr0xy-s3cret") })).ids.length > 0);
      assert.ok(guarded.authorizations.length >= 1, "credentials were sent");
      resetSharedState();
      // Wrong credentials: a clear error naming the proxy by origin only.
      await assert.rejects(programRead({ HTTP_PROXY: guarded.urlWith("ci-user:wrong-pa55word") }), (e: unknown) => {
        assert.ok(e instanceof ConnectionError, String(e));
        assert.match(e.message, /refused to connect to 127\.0\.0\.1:\d+ \(407\); it asks for credentials/);
        assert.ok(e.message.includes(guarded.url));
        assert.doesNotMatch(e.message, /wrong-pa55word|ci-user/);
        return true;
      });
    } finally {
      await guarded.close();
    }
  });

  for (const variable of ["HTTPS_PROXY", "https_proxy"]) {
    it(`an https base URL goes through ${variable} in a CONNECT tunnel to its host; a refusal names the proxy and is not retried`, async () => {
      const refusing = await startForwardProxy({ refuseWith: 403 });
      try {
        const ops = new PhoneNumberOperations(
          { "chatmaid:apiKey": KEY, "chatmaid:maxRetries": "3" },
          { sources: { config: (k) => ({ "chatmaid:apiKey": KEY, "chatmaid:maxRetries": "3" })[k], env: {} } },
        );
        await withEnv({ ...NO_PROXY_ENV, [variable]: refusing.urlWith("u:topsecretpw") }, async () => {
          await assert.rejects(ops.check({ identifier: "+15551234567", requireConnected: true }), (e: unknown) => {
            assert.ok(e instanceof ConnectionError, String(e));
            assert.equal(e.code, "proxy_refused");
            assert.match(e.message, /refused to connect to developers-api\.chatmaid\.net \(403\)/);
            assert.doesNotMatch(e.message, /topsecretpw/);
            return true;
          });
        });
        assert.deepEqual(
          refusing.connects,
          ["developers-api.chatmaid.net:443"],
          "one CONNECT, to Chatmaid's host, not retried",
        );
      } finally {
        await refusing.close();
      }
    });
  }

  it("a proxy variable that is not a URL is refused without repeating it", async () => {
    await assert.rejects(programRead({ HTTPS_PROXY: "http://user:hunter2@exa mple:80" }), (e: unknown) => {
      assert.ok(e instanceof InvalidInputError, String(e));
      assert.match(e.message, /HTTPS_PROXY is not a valid http:\/\/ or https:\/\/ URL/);
      assert.doesNotMatch(e.message, /hunter2/);
      return true;
    });
  });

  it("the CLI goes through the proxy", async () => {
    const result = await runCli(["list", "--json"], {
      env: emulatorEnv(emulator, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(carried(proxy) >= 1);
  });

  it("the PhoneNumber provider plugin process goes through the proxy", async () => {
    const provider = await serializeDynamicProvider(require("../../sdk/phoneNumberShim").phoneNumberProvider);
    const plugin = await startDynamicProviderPlugin({
      cwd: path.resolve(__dirname, "..", ".."),
      provider,
      env: { CHATMAID_API_KEY: "", HTTP_PROXY: proxy.url, HTTPS_PROXY: "", NO_PROXY: "" },
    });
    try {
      await plugin.configure({ "chatmaid:apiKey": KEY, "chatmaid:baseUrl": emulator.url }, ["chatmaid:apiKey"]);
      const created = await plugin.create({ identifier: "+15551234567" });
      assert.equal(created.id, "507f1f77bcf86cd799439011");
      assert.ok(carried(proxy) >= 1);
    } finally {
      await plugin.stop();
    }
  });
});
