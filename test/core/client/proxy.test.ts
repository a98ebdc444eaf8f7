/**
 * Proxies from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, upper and
 * lower case) in the program, both provider plugin processes and the CLI,
 * through a forward proxy on loopback that counts the tunnels it opens. The
 * API's stand-in is `https://chatmaid.test`: the proxy routes it to a TLS
 * front for the emulator, whose test certificate child processes trust
 * (NODE_EXTRA_CA_CERTS). Loopback base URLs never go through a proxy.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { ConnectionError, InvalidInputError, resetSharedState } from "../../../provider";
import { getPhoneNumbers } from "../../../sdk/nodejs";
import { runCli } from "../../cli/helpers";
import { startChatmaidPlugin } from "../../support/chatmaidPlugin";
import { startDynamicProviderPlugin } from "../../support/dynamicProviderPlugin";
import { startForwardProxy, startTlsFront, TEST_CERTIFICATE, type ForwardProxy } from "../../support/forwardProxy";
import { secret } from "../../support/providerPlugin";
import { NO_CHATMAID_ENV, useMocks, withEnv } from "../../support/pulumiMocks";
import { serializeDynamicProvider } from "../../support/serializedProvider";

const KEY = "sk_test_emulator";
const API = "https://chatmaid.test";
const ROOT = path.resolve(__dirname, "..", "..", "..");
const NO_PROXY_ENV = {
  HTTPS_PROXY: undefined,
  HTTP_PROXY: undefined,
  NO_PROXY: undefined,
  https_proxy: undefined,
  http_proxy: undefined,
  no_proxy: undefined,
};

describe("proxies from the environment", function () {
  this.timeout(40_000);
  let emulator: RunningEmulator;
  let front: { port: number; close(): Promise<void> };
  let proxy: ForwardProxy;
  before(async () => {
    emulator = await startEmulator();
    front = await startTlsFront(emulator.port);
  });
  after(async () => {
    await front.close();
    await emulator.close();
  });
  // A fresh proxy each time: a kept-alive tunnel from an earlier test would carry requests unseen.
  beforeEach(async () => {
    resetSharedState();
    proxy = await startForwardProxy({ routes: { "chatmaid.test:443": front.port } });
  });
  afterEach(() => proxy.close());

  const programRead = (baseUrl: string, env: Record<string, string | undefined>) =>
    withEnv({ ...NO_CHATMAID_ENV, ...NO_PROXY_ENV, ...env }, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": baseUrl, "chatmaid:maxRetries": "0" } });
      return getPhoneNumbers();
    });

  it("a loopback base URL never goes through a proxy: the key stays on this machine", async () => {
    for (const variable of ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]) {
      resetSharedState();
      assert.ok((await programRead(emulator.url, { [variable]: proxy.url })).ids.length > 0);
    }
    assert.deepEqual(proxy.connects, []);
    assert.deepEqual(proxy.absolute, []);
  });

  for (const [variable, env] of [
    ["HTTPS_PROXY", { HTTPS_PROXY: "proxy" }],
    ["https_proxy", { https_proxy: "proxy" }],
    ["HTTP_PROXY, for https too when HTTPS_PROXY is unset", { HTTP_PROXY: "proxy" }],
    ["an empty lower-case variable not hiding the upper-case one", { https_proxy: "", HTTPS_PROXY: "proxy" }],
  ] as const) {
    it(`a program's request to an https base URL goes through ${variable} in a CONNECT tunnel`, async () => {
      const vars = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "proxy" ? proxy.url : v]));
      // This process does not trust the test certificate: the tunnel is what is checked here
      // (the child processes below complete the request through it).
      await assert.rejects(programRead(API, vars), ConnectionError);
      assert.deepEqual(proxy.connects, ["chatmaid.test:443"]);
    });
  }

  it("NO_PROXY (either case) sends the host directly", async () => {
    for (const variable of ["NO_PROXY", "no_proxy"]) {
      resetSharedState();
      // chatmaid.test does not resolve: directly, the request fails on DNS, not at the proxy.
      await assert.rejects(
        programRead(API, { HTTPS_PROXY: proxy.url, [variable]: "chatmaid.test" }),
        /could not be resolved/,
      );
    }
    assert.deepEqual(proxy.connects, []);
  });

  it("a proxy asking for credentials fails clearly, naming the proxy by origin and never the credentials", async () => {
    const guarded = await startForwardProxy({ credentials: "ci-user:pr0xy-s3cret" });
    try {
      await assert.rejects(
        programRead(API, { HTTPS_PROXY: guarded.urlWith("ci-user:wrong-pa55word") }),
        (e: unknown) => {
          assert.ok(e instanceof ConnectionError, String(e));
          assert.equal(e.code, "proxy_refused");
          assert.match(e.message, /refused to connect to chatmaid\.test \(407\); it asks for credentials/);
          assert.ok(e.message.includes(guarded.url));
          assert.doesNotMatch(e.message, /wrong-pa55word|ci-user/);
          return true;
        },
      );
      assert.ok(guarded.authorizations.length >= 1, "the credentials in the URL were sent to the proxy");
    } finally {
      await guarded.close();
    }
  });

  it("a proxy that refuses the tunnel (403) is named and not retried", async () => {
    const refusing = await startForwardProxy({ refuseWith: 403 });
    try {
      await assert.rejects(
        withEnv({ ...NO_CHATMAID_ENV, ...NO_PROXY_ENV, HTTPS_PROXY: refusing.urlWith("u:topsecretpw") }, async () => {
          useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:maxRetries": "3" } });
          return getPhoneNumbers();
        }),
        (e: unknown) => {
          assert.ok(e instanceof ConnectionError, String(e));
          assert.match(e.message, /refused to connect to developers-api\.chatmaid\.net \(403\)/);
          assert.doesNotMatch(e.message, /topsecretpw/);
          return true;
        },
      );
      assert.deepEqual(refusing.connects, ["developers-api.chatmaid.net:443"], "one CONNECT, not retried");
    } finally {
      await refusing.close();
    }
  });

  it("a proxy that is not running is named as the problem, not the host behind it", async () => {
    const gone = proxy.url;
    await proxy.close();
    await assert.rejects(programRead(API, { HTTPS_PROXY: gone }), (e: unknown) => {
      assert.ok(e instanceof ConnectionError, String(e));
      assert.equal(e.code, "proxy_unreachable");
      assert.ok(
        e.message.includes(`the proxy ${gone} (from HTTPS_PROXY / HTTP_PROXY) could not be reached`),
        e.message,
      );
      return true;
    });
  });

  it("a proxy variable that is not a URL is refused without repeating it", async () => {
    await assert.rejects(programRead(API, { HTTPS_PROXY: "http://user:hunter2@exa mple:80" }), (e: unknown) => {
      assert.ok(e instanceof InvalidInputError, String(e));
      assert.match(e.message, /HTTPS_PROXY is not a valid http:\/\/ or https:\/\/ URL/);
      assert.doesNotMatch(e.message, /hunter2/);
      return true;
    });
  });

  describe("processes that trust the test certificate go all the way through the proxy", () => {
    /** The environment of a child: the proxy, with credentials, and the test certificate. */
    const childEnv = (): Record<string, string> => ({
      HTTPS_PROXY: proxy.urlWith("ci-user:pr0xy-s3cret"),
      NODE_EXTRA_CA_CERTS: TEST_CERTIFICATE,
    });

    it("a program", async () => {
      const script = `
        const chatmaid = require("@chatmaid/pulumi");
        chatmaid.getPhoneNumbers({ apiKey: "${KEY}", baseUrl: "${API}" })
          .then((r) => console.log(JSON.stringify(r.ids)), (e) => { console.error(e.message); process.exitCode = 1; });`;
      const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ["-e", script], {
          cwd: ROOT,
          env: { ...process.env, ...NO_CHATMAID_ENV, ...childEnv() } as NodeJS.ProcessEnv,
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ code, out }));
      });
      assert.equal(result.code, 0, result.out);
      assert.ok((JSON.parse(result.out) as string[]).includes("507f1f77bcf86cd799439011"));
      assert.deepEqual(proxy.connects, ["chatmaid.test:443"]);
      assert.ok(!result.out.includes("pr0xy-s3cret"));
    });

    it("the CLI", async () => {
      const result = await runCli(["get", "+15551234567", "--json"], {
        env: { CHATMAID_API_KEY: KEY, CHATMAID_BASE_URL: API, ...childEnv() },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal((JSON.parse(result.stdout) as { id: string }).id, "507f1f77bcf86cd799439011");
      assert.ok(proxy.connects.length >= 1);
    });

    it("the PhoneNumber dynamic-provider plugin", async () => {
      const provider = await serializeDynamicProvider(
        require("../../../sdk/nodejs/phoneNumberShim").phoneNumberProvider,
      );
      const plugin = await startDynamicProviderPlugin({
        cwd: ROOT,
        provider,
        env: { CHATMAID_API_KEY: "", ...childEnv() },
      });
      try {
        await plugin.configure({ "chatmaid:apiKey": KEY, "chatmaid:baseUrl": API }, ["chatmaid:apiKey"]);
        assert.equal((await plugin.create({ identifier: "+15551234567" })).id, "507f1f77bcf86cd799439011");
        assert.ok(proxy.connects.length >= 1);
      } finally {
        await plugin.stop();
      }
    });

    it("the native provider plugin", async () => {
      const plugin = await startChatmaidPlugin("bin", { env: childEnv() });
      try {
        await plugin.configure({ args: { apiKey: secret(KEY), baseUrl: API } });
        const found = await plugin.invoke("chatmaid:index:getPhoneNumber", { id: "+15551234567" });
        assert.equal(found.return.id, "507f1f77bcf86cd799439011");
        assert.ok(proxy.connects.length >= 1);
      } finally {
        await plugin.stop();
      }
    });
  });
});
