/**
 * `pulumi-resource-chatmaid` started as the engine starts it, in both launch
 * forms: the port as the first and only stdout line, the engine's flags
 * before its address, plugin info and schema, UNIMPLEMENTED for what it has no
 * use for, messages over 4 MiB, and a prompt exit on SIGINT or SIGTERM.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { generatePhoneNumbers, startEmulator, type RunningEmulator } from "../../../emulator";
import { PACKAGE_VERSION } from "../../../provider";
import { engineAddressOf } from "../../../provider/plugin/commandLine";
import { FUNCTIONS, PHONE_NUMBER_TOKEN } from "../../../provider/plugin/functions";
import { PLUGIN_BIN, PLUGIN_FOLDER, ROOT, startChatmaidPlugin, type LaunchForm } from "../../support/chatmaidPlugin";
import { PluginRpcError, secret } from "../../support/providerPlugin";
import { runCommand } from "../../package/commands";

const SCHEMA = JSON.parse(readFileSync(path.join(PLUGIN_FOLDER, "schema.json"), "utf8")) as {
  version: string;
  resources: Record<string, unknown>;
  functions: Record<string, unknown>;
};

describe("pulumi-resource-chatmaid: launch and process contract", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
  });
  after(() => emulator.close());

  it("ships both launch forms: a bin in package.json, and a PulumiPlugin.yaml folder whose main is the built entry", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.bin["pulumi-resource-chatmaid"], "bin/pulumi-resource-chatmaid.js");
    assert.ok(pkg.files.includes("provider/cmd/pulumi-resource-chatmaid/"));
    assert.match(readFileSync(path.join(PLUGIN_FOLDER, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
    const folder = JSON.parse(readFileSync(path.join(PLUGIN_FOLDER, "package.json"), "utf8"));
    assert.equal(path.resolve(PLUGIN_FOLDER, folder.main), path.join(ROOT, "dist", "provider", "plugin", "main.js"));
  });

  it("takes the engine address as the last argument, ignoring the engine's flags", () => {
    assert.equal(engineAddressOf(["127.0.0.1:1234"]), "127.0.0.1:1234");
    assert.equal(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "http://x:1", "127.0.0.1:5"]), "127.0.0.1:5");
    assert.equal(engineAddressOf([]), undefined);
  });

  // By hand, not by the engine: it must answer and exit, not print a port and wait for an engine that never comes.
  for (const [flag, expected] of [
    ["--help", /^Usage: pulumi-resource-chatmaid \[--help \| --version\]\n[\s\S]*--version +print the version/],
    ["-h", /^Usage: pulumi-resource-chatmaid /],
    ["--version", new RegExp(`^${PACKAGE_VERSION.replace(/\./g, "\\.")}\n$`)],
  ] as const) {
    it(`prints ${flag === "--version" ? "its version" : "its usage"} for ${flag} and exits 0 (bin, as run by hand)`, async () => {
      const result = await runCommand(process.execPath, [PLUGIN_BIN, flag], { cwd: ROOT, deadlineMs: 10_000 });
      assert.equal(result.timedOut, false, `still running after 10 s; stdout: ${result.stdout}`);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, expected);
      assert.equal(result.stderr, "");
    });
  }

  for (const form of ["bin", "executable", "folder"] as LaunchForm[]) {
    describe(`launched as the ${form}`, () => {
      it("prints only the port on stdout, serves plugin info and the schema, and logs to the engine", async () => {
        const plugin = await startChatmaidPlugin(form, {
          engineFlags: { logToStderr: true, verbosity: 9, tracing: "http://127.0.0.1:9" },
        });
        try {
          assert.deepEqual(await plugin.getPluginInfo(), { version: PACKAGE_VERSION });
          const schema = await plugin.getSchema();
          assert.equal(schema, readFileSync(path.join(PLUGIN_FOLDER, "schema.json"), "utf8"));
          assert.equal(JSON.parse(schema).version, PACKAGE_VERSION);
          // Something that logs: a wait for a number that is not connected.
          await plugin.configure({ args: { apiKey: secret("sk_test_emulator"), baseUrl: emulator.url } });
          await assert.rejects(
            plugin.invoke("chatmaid:index:getPhoneNumber", {
              id: "+15554567890",
              requireConnected: true,
              waitForConnectedSeconds: 0.2,
            }),
          );
          assert.equal(plugin.stdout, "", "nothing on stdout after the port");
          if (form !== "folder") {
            // The engine's address arrives after its flags; the folder form loses it to run-plugin's argument parser when
            // --logtostderr comes without -v (a known run-plugin behaviour), so only the bin is checked here.
            for (let i = 0; i < 250 && plugin.engineLogs.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
            assert.ok(plugin.engineLogs.length > 0, "the engine's Log service received the wait's lines");
          }
        } finally {
          await plugin.stop();
        }
      });

      it("answers UNIMPLEMENTED for Handshake, Construct, Call and Parameterize", async () => {
        const plugin = await startChatmaidPlugin(form);
        try {
          for (const method of ["handshake", "construct", "call", "parameterize"] as const) {
            await assert.rejects(plugin.call(method, new (requestClassOf(method))()), (e: unknown) => {
              assert.ok(e instanceof PluginRpcError, String(e));
              assert.equal(e.codeName, "UNIMPLEMENTED", method);
              return true;
            });
          }
        } finally {
          await plugin.stop();
        }
      });

      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        it(`exits within a few seconds of ${signal}, also while a wait is in flight`, async () => {
          const plugin = await startChatmaidPlugin(form);
          await plugin.configure({ args: { apiKey: secret("sk_test_emulator"), baseUrl: emulator.url } });
          const waiting = plugin
            .invoke("chatmaid:index:getPhoneNumber", {
              id: "+15554567890",
              requireConnected: true,
              waitForConnectedSeconds: 600,
            })
            .catch((e: unknown) => e);
          await new Promise((r) => setTimeout(r, 300));
          plugin.signal(signal);
          const exit = await plugin.waitForExit(5000);
          assert.ok(exit.ms < 3000, `exited after ${exit.ms} ms`);
          assert.ok((await waiting) instanceof Error, "the wait in flight ended");
          await plugin.stop();
        });
      }
    });
  }

  it("accepts and sends messages over 4 MiB, like the engine (400 MiB)", async () => {
    const plugin = await startChatmaidPlugin("bin");
    const numbers = generatePhoneNumbers(20_000);
    emulator.setNumbers("test", numbers);
    try {
      await plugin.configure({ args: { apiKey: secret("sk_test_emulator"), baseUrl: emulator.url } });
      const result = await plugin.invoke("chatmaid:index:getPhoneNumbers", {});
      const ids = result.return.ids as string[];
      assert.equal(ids.length, 20_000);
      assert.ok(JSON.stringify(result.return).length > 4 * 1024 * 1024, "the answer is over 4 MiB");
      // And a request over 4 MiB: a long list of required numbers.
      const required = numbers.map((n) => n.id).concat(numbers.map((n) => n.phoneNumber));
      const big = { required: [...required, ...required, ...required, ...required, ...required] };
      assert.ok(JSON.stringify(big).length > 4 * 1024 * 1024);
      const checked = await plugin.invoke("chatmaid:index:getPhoneNumbers", big);
      assert.equal((checked.return.ids as string[]).length, 20_000);
    } finally {
      emulator.reset();
      await plugin.stop();
    }
  });

  it("has a handler for every token in the schema, and a token for every handler", () => {
    assert.deepEqual(Object.keys(SCHEMA.functions).sort(), Object.keys(FUNCTIONS).sort());
    assert.deepEqual(Object.keys(SCHEMA.resources), [PHONE_NUMBER_TOKEN]);
  });
});

/** The request class of a method the harness does not wrap. */
function requestClassOf(method: "handshake" | "construct" | "call" | "parameterize"): new () => never {
  const proto = require("@pulumi/pulumi/proto/provider_pb");
  const names = {
    handshake: "ProviderHandshakeRequest",
    construct: "ConstructRequest",
    call: "CallRequest",
    parameterize: "ParameterizeRequest",
  };
  return proto[names[method]];
}
