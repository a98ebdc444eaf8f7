/**
 * Self-tests of the generic provider plugin harness (test/support/providerPlugin.ts),
 * against fixtures/recordingPlugin.js: a tiny plugin that records every request
 * it gets (read back with the `fixture:index:lastRequest` function) and answers
 * predictably. Each test checks the harness's side of the engine's contract:
 * what it sends, how it reads the port, what it decodes, and that it cleans up.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import {
  PluginRpcError,
  PluginStartError,
  ProviderPlugin,
  ProviderPluginOptions,
  SECRET_SIG,
  SECRET_SIG_KEY,
  UNKNOWN,
  UnaryMethod,
  RequestOf,
  runPluginScriptPath,
  secret,
  startProviderPlugin,
} from "../support/providerPlugin";

const FIXTURE = path.join(__dirname, "fixtures", "recordingPlugin.js");
const FOLDER_FIXTURE = path.join(__dirname, "fixtures", "folderPlugin");
const MiB = 1024 * 1024;

function start(options: Partial<ProviderPluginOptions> = {}): Promise<ProviderPlugin> {
  return startProviderPlugin({ command: [process.execPath, FIXTURE], packageName: "fixture", ...options });
}

/** Whether a process with this pid exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
}

/** The request the fixture recorded for `method`. */
async function lastRequest(plugin: ProviderPlugin, method: string): Promise<Record<string, unknown>> {
  const res = await plugin.invoke("fixture:index:lastRequest", { method });
  assert.ok(res.return.request, `the fixture recorded a ${method} request`);
  return res.return.request as Record<string, unknown>;
}

/** Asserts that `promise` rejects with a PluginRpcError of `method` and `code`; returns it. */
async function rpcRejects(promise: Promise<unknown>, method: string, code: grpc.status): Promise<PluginRpcError> {
  let error: PluginRpcError | undefined;
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof PluginRpcError, `expected a PluginRpcError, got ${String(e)}`);
    assert.equal(e.method, method);
    assert.equal(e.code, code, `${e.codeName}: ${e.message}`);
    error = e;
    return true;
  });
  return error!;
}

/** Asserts that starting fails with a PluginStartError and that the plugin process is gone. */
async function startRejects(options: Partial<ProviderPluginOptions>, pattern: RegExp): Promise<PluginStartError> {
  let error: PluginStartError | undefined;
  await assert.rejects(start(options), (e: unknown) => {
    assert.ok(e instanceof PluginStartError, `expected a PluginStartError, got ${String(e)}`);
    assert.match(e.message, pattern);
    error = e;
    return true;
  });
  assert.ok(error!.pid !== undefined && !isAlive(error!.pid), "the plugin process was killed");
  return error!;
}

describe("test/support: provider plugin harness, startup", function () {
  this.timeout(20_000);

  it("reads the port from the first stdout line, connects, and captures the rest of stdout and stderr", async () => {
    const p = await start();
    try {
      assert.ok(Number.isInteger(p.port) && p.port > 0 && p.port <= 65535);
      assert.deepEqual(await p.getPluginInfo(), { version: "1.2.3" });
      assert.equal(p.stdout, "fixture: stdout after the port\n", "stdout excludes the port line");
      assert.equal(p.stderr, "fixture: stderr line\n");
      assert.equal(p.exit, null);
      assert.ok(isAlive(p.pid));
    } finally {
      await p.stop();
    }
  });

  it("accepts the port line variants the engine accepts (CRLF, spaces, .NET progress escapes)", async () => {
    for (const line of [" %d \r", "\x1b]9;4;3;\x1b\\%d\x1b]9;4;0;\x1b\\"]) {
      const p = await start({ env: { FIXTURE_PORT_LINE: line } });
      try {
        assert.deepEqual(await p.getPluginInfo(), { version: "1.2.3" }, JSON.stringify(line));
      } finally {
        await p.stop();
      }
    }
  });

  it("fails clearly when anything is printed before the port, like the engine, and kills the plugin", async () => {
    const e = await startRejects(
      { env: { FIXTURE_BEFORE_PORT: "Debugger listening on ws://127.0.0.1:9229" } },
      /recordingPlugin\.js wrote an invalid port to stdout: first line "Debugger listening on ws:\/\/127\.0\.0\.1:9229"/,
    );
    assert.match(e.message, /nothing may be printed before it/);
    assert.equal(e.firstLine, "Debugger listening on ws://127.0.0.1:9229");
    assert.ok(!e.stdout.includes("Debugger"), "stdout holds only what followed the first line");
  });

  it("fails clearly when the plugin exits before its port, with its exit status and stderr", async () => {
    const e = await startRejects({ env: { FIXTURE_EXIT_BEFORE_PORT: "3" } }, /exited before printing its port/);
    assert.deepEqual(e.exit, { code: 3, signal: null });
    assert.equal(e.stderr, "fixture: exiting before the port\n");
    assert.equal(e.firstLine, undefined);
  });

  it("fails clearly when the command cannot be started", async () => {
    const missing = path.join(os.tmpdir(), "no-such-dir-for-selftest", "pulumi-resource-missing");
    await assert.rejects(start({ command: [missing] }), (e: unknown) => {
      assert.ok(e instanceof PluginStartError, `expected a PluginStartError, got ${String(e)}`);
      assert.match(e.message, /pulumi-resource-missing could not be started: spawn .* ENOENT\nexit: never started/);
      assert.equal(e.pid, undefined);
      return true;
    });
  });

  it("times out when no port is printed, and kills the plugin", async () => {
    const e = await startRejects(
      { env: { FIXTURE_SILENT: "1" }, startupTimeoutMs: 500 },
      /did not print its port within 500 ms/,
    );
    assert.notEqual(e.exit, null);
  });

  it("passes the engine flags before the engine address, in the engine's order", async () => {
    const flagged = await start({ engineFlags: { logToStderr: true, verbosity: 9, tracing: "127.0.0.1:4317" } });
    const plain = await start();
    try {
      const seen = (await flagged.invoke("fixture:index:process", {})).return;
      const expected = ["--logtostderr", "-v=9", "--tracing", "127.0.0.1:4317", flagged.engineAddress];
      assert.deepEqual(seen.argv, expected);
      assert.deepEqual(flagged.args, [FIXTURE, ...expected]);
      assert.equal(seen.engineAddress, flagged.engineAddress);
      assert.match(flagged.engineAddress, /^127\.0\.0\.1:\d+$/);
      assert.deepEqual((await plain.invoke("fixture:index:process", {})).return.argv, [plain.engineAddress]);
    } finally {
      await Promise.all([flagged.stop(), plain.stop()]);
    }
  });

  it("runs the plugin in cwd with the engine's variables, without this process' PULUMI_* settings", async () => {
    const saved = { ...process.env };
    process.env.PULUMI_SELFTEST_LEAK = "from the test runner";
    process.env.SELFTEST_INHERITED = "inherited";
    let p: ProviderPlugin | undefined;
    try {
      p = await start({
        cwd: os.tmpdir(),
        project: "myproj",
        stackConfig: { "fixture:apiKey": "k" },
        env: (engineAddress) => ({ SELFTEST_ENGINE: engineAddress, SELFTEST_INHERITED: "" }),
      });
    } finally {
      process.env = saved;
    }
    try {
      const seen = (await p.invoke("fixture:index:process", {})).return;
      assert.equal(seen.cwd, fs.realpathSync(os.tmpdir()));
      assert.deepEqual(seen.env, {
        PULUMI_PROJECT: "myproj",
        PULUMI_CONFIG: JSON.stringify({ "fixture:apiKey": "k" }),
        SELFTEST_ENGINE: p.engineAddress,
        SELFTEST_INHERITED: "",
      });
      assert.equal(p.urn, "urn:pulumi:dev::myproj::fixture:index:Resource::test");
      assert.equal(p.providerUrn, "urn:pulumi:dev::myproj::pulumi:providers:fixture::default");
    } finally {
      await p.stop();
    }
  });

  it("starts a plugin folder through the SDK's run-plugin, as the Node language host does", async function () {
    // run-plugin registers ts-node before loading the folder: slower than exec mode.
    this.timeout(30_000);
    for (const [flags, argv] of [
      // run-plugin's minimist consumes the engine flags, and `--logtostderr` swallows the address after it.
      [{ verbosity: 9, tracing: "127.0.0.1:4317" }, (address: string) => [address]],
      [{ logToStderr: true }, () => []],
    ] as const) {
      const p = await start({
        command: [process.execPath, runPluginScriptPath(), FOLDER_FIXTURE],
        engineFlags: flags,
        cwd: os.tmpdir(),
      });
      try {
        assert.deepEqual(p.args.slice(0, 2), [runPluginScriptPath(), FOLDER_FIXTURE]);
        assert.equal(p.args[p.args.length - 1], p.engineAddress);
        const seen = (await p.invoke("fixture:index:process", {})).return;
        assert.deepEqual(seen.argv, argv(p.engineAddress), JSON.stringify(flags));
        assert.equal(p.stdout, "fixture: stdout after the port\n");
      } finally {
        await p.stop();
      }
    }
  });
});

describe("test/support: provider plugin harness, RPCs", function () {
  this.timeout(20_000);
  let p: ProviderPlugin;

  before(async () => {
    p = await start();
  });
  after(async () => {
    await p?.stop();
  });

  it("configure: args Struct with secrets wrapped, variables as <pkg>:config:<key> strings, provider URN and ID", async () => {
    const config = { apiKey: "k-123", maxRetries: 3, baseUrl: "http://127.0.0.1:1", version: "1.0.0" };
    const res = await p.configure({ args: config, variables: config, secretKeys: ["apiKey"] });
    assert.deepEqual(res, {
      acceptSecrets: true,
      supportsPreview: true,
      acceptResources: false,
      acceptOutputs: false,
      supportsAutonamingConfiguration: false,
    });
    assert.deepEqual(await lastRequest(p, "configure"), {
      urn: "urn:pulumi:dev::proj::pulumi:providers:fixture::default",
      name: "default",
      type: "pulumi:providers:fixture",
      id: p.providerId,
      hasArgs: true,
      args: {
        apiKey: { [SECRET_SIG_KEY]: SECRET_SIG, value: "k-123" },
        maxRetries: 3,
        baseUrl: "http://127.0.0.1:1",
        version: "1.0.0",
      },
      variables: {
        "fixture:config:apiKey": "k-123",
        "fixture:config:maxRetries": "3",
        "fixture:config:baseUrl": "http://127.0.0.1:1",
      },
      acceptSecrets: true,
      acceptResources: true,
      sendsOldInputs: true,
      sendsOldInputsToDelete: true,
    });
    assert.match(p.providerId, /^[0-9a-f-]{36}$/);
  });

  it("configure: only args, or only variables (secrets unwrapped there), or other flags and ID", async () => {
    await p.configure({ args: { apiKey: "k" }, id: UNKNOWN, acceptSecrets: false });
    const argsOnly = await lastRequest(p, "configure");
    assert.deepEqual([argsOnly.hasArgs, argsOnly.args, argsOnly.variables], [true, { apiKey: "k" }, {}]);
    assert.deepEqual([argsOnly.id, argsOnly.acceptSecrets], [UNKNOWN, false]);

    await p.configure({ variables: { apiKey: secret("k"), nested: { a: [1] } } });
    const varsOnly = await lastRequest(p, "configure");
    assert.deepEqual([varsOnly.hasArgs, varsOnly.args], [false, null]);
    assert.deepEqual(varsOnly.variables, { "fixture:config:apiKey": "k", "fixture:config:nested": '{"a":[1]}' });
  });

  it("checkConfig and diffConfig address the provider resource and carry unknowns", async () => {
    const checked = await p.checkConfig({}, { apiKey: "k", baseUrl: UNKNOWN });
    assert.deepEqual(checked, { inputs: { apiKey: "k", baseUrl: UNKNOWN }, failures: [] });
    assert.deepEqual(await lastRequest(p, "checkConfig"), {
      urn: p.providerUrn,
      name: "default",
      type: "pulumi:providers:fixture",
      olds: {},
      news: { apiKey: "k", baseUrl: UNKNOWN },
    });
    assert.deepEqual((await p.checkConfig({}, { failure: "bad key" })).failures, [
      { property: "failure", reason: "bad key" },
    ]);

    const diff = await p.diffConfig({ apiKey: "a" }, { apiKey: "b" });
    assert.deepEqual([diff.changes, diff.diffs, diff.replaces], ["some", ["apiKey"], []]);
    const sent = await lastRequest(p, "diffConfig");
    assert.deepEqual(
      [sent.urn, sent.id, sent.olds, sent.oldInputs],
      [p.providerUrn, "", { apiKey: "a" }, { apiKey: "a" }],
    );
  });

  it("check sends the URN's name and type, {} olds and a 32-byte random seed, and decodes failures", async () => {
    const checked = await p.check({}, { name: "a", region: UNKNOWN });
    assert.deepEqual(checked, { inputs: { name: "a", region: UNKNOWN }, failures: [] });
    assert.deepEqual(await lastRequest(p, "check"), {
      urn: "urn:pulumi:dev::proj::fixture:index:Resource::test",
      name: "test",
      type: "fixture:index:Resource",
      olds: {},
      news: { name: "a", region: UNKNOWN },
      randomSeedLength: 32,
    });
    const child = "urn:pulumi:dev::proj::fixture:index:Parent$fixture:index:Child::kid";
    const failed = await p.check({ name: "a" }, { failure: "name is taken" }, { urn: child });
    assert.deepEqual(failed.failures, [{ property: "failure", reason: "name is taken" }]);
    const sent = await lastRequest(p, "check");
    assert.deepEqual([sent.urn, sent.name, sent.type, sent.olds], [child, "kid", "fixture:index:Child", { name: "a" }]);
  });

  it("create sends the preview flag and timeout, and decodes id and properties", async () => {
    const preview = await p.create({ name: "a", phone: UNKNOWN }, { preview: true });
    assert.deepEqual(preview, {
      id: "",
      properties: { name: "a", phone: UNKNOWN, created: true },
      refreshBeforeUpdate: false,
    });
    assert.equal((await lastRequest(p, "create")).preview, true);

    const created = await p.create({ name: "a" }, { timeout: 60 });
    assert.deepEqual([created.id, created.properties], ["id-a", { name: "a", created: true }]);
    assert.deepEqual(await lastRequest(p, "create"), {
      urn: p.urn,
      name: "test",
      type: "fixture:index:Resource",
      properties: { name: "a" },
      preview: false,
      timeout: 60,
    });
  });

  it("diff sends id, old outputs and old inputs, ignoreChanges, and decodes the detailed diff", async () => {
    const olds = { name: "a", region: "eu", created: true };
    const diff = await p.diff("id-a", olds, { name: "b", region: "us", created: true });
    assert.deepEqual(diff, {
      changes: "some",
      replaces: ["region"],
      stables: ["created"],
      diffs: ["name", "region"],
      deleteBeforeReplace: true,
      hasDetailedDiff: true,
      detailedDiff: {
        name: { kind: "UPDATE", inputDiff: true },
        region: { kind: "UPDATE_REPLACE", inputDiff: true },
      },
    });
    const sent = await lastRequest(p, "diff");
    assert.deepEqual([sent.id, sent.urn, sent.oldInputs], ["id-a", p.urn, olds], "old inputs default to the olds");

    const none = await p.diff("id-a", olds, olds, { name: "a" }, { ignoreChanges: ["region"] });
    assert.deepEqual([none.changes, none.diffs], ["none", []]);
    const sent2 = await lastRequest(p, "diff");
    assert.deepEqual([sent2.oldInputs, sent2.ignoreChanges], [{ name: "a" }, ["region"]]);
  });

  it("read sends inputs only when given, and reports unset properties and inputs as undefined", async () => {
    const state = { name: "a", created: true };
    const refreshed = await p.read("id-a", state, { name: "a" });
    assert.deepEqual(refreshed, {
      id: "id-a",
      properties: { name: "a", created: true, refreshed: true },
      inputs: { name: "a" },
      refreshBeforeUpdate: false,
    });
    assert.equal((await lastRequest(p, "read")).hasInputs, true);

    const imported = await p.read("id-a", state);
    assert.equal(imported.inputs, undefined);
    assert.equal((await lastRequest(p, "read")).hasInputs, false);

    const gone = await p.read("gone", state);
    assert.deepEqual(gone, { id: "", properties: undefined, inputs: undefined, refreshBeforeUpdate: false });
  });

  it("update sends olds, news, old inputs, preview and timeout; delete sends old outputs and old inputs", async () => {
    const olds = { name: "a", created: true };
    const updated = await p.update("id-a", olds, { name: "b" }, undefined, { preview: true, timeout: 5 });
    assert.deepEqual(updated, { properties: { name: "b", updated: true } });
    assert.deepEqual(await lastRequest(p, "update"), {
      urn: p.urn,
      name: "test",
      type: "fixture:index:Resource",
      id: "id-a",
      olds,
      news: { name: "b" },
      oldInputs: olds,
      preview: true,
      timeout: 5,
      ignoreChanges: [],
    });

    await p.delete("id-a", olds, { name: "a" });
    assert.deepEqual(await lastRequest(p, "delete"), {
      urn: p.urn,
      name: "test",
      type: "fixture:index:Resource",
      id: "id-a",
      properties: olds,
      oldInputs: { name: "a" },
      timeout: 0,
    });
  });

  it("getSchema, invoke with the preview flag and failures, and cancel", async () => {
    assert.deepEqual(JSON.parse(await p.getSchema()), { name: "fixture", version: "1.2.3" });
    assert.deepEqual(await lastRequest(p, "getSchema"), { version: 0, subpackageName: "", subpackageVersion: "" });

    assert.deepEqual(await p.invoke("fixture:index:sleep", { ms: 1 }, { preview: true }), {
      return: {},
      failures: [],
    });
    assert.deepEqual(await lastRequest(p, "invoke"), {
      tok: "fixture:index:sleep",
      args: { ms: 1 },
      preview: true,
    });
    const failed = await p.invoke("fixture:index:fail", { property: "phoneId", reason: "not found" });
    assert.deepEqual(failed, { return: {}, failures: [{ property: "phoneId", reason: "not found" }] });
    assert.equal((await lastRequest(p, "invoke")).preview, false);

    await p.cancel();
    assert.deepEqual(await lastRequest(p, "cancel"), {});
  });

  it("surfaces UNIMPLEMENTED with its code for the RPCs the plugin lacks", async () => {
    const handshake = new provproto.ProviderHandshakeRequest();
    handshake.setEngineAddress(p.engineAddress);
    handshake.setConfigureWithUrn(true);
    const requests: { [M in UnaryMethod]?: RequestOf<M> } = {
      handshake,
      parameterize: new provproto.ParameterizeRequest(),
      construct: new provproto.ConstructRequest(),
      call: new provproto.CallRequest(),
      getMapping: new provproto.GetMappingRequest(),
    };
    for (const [method, request] of Object.entries(requests)) {
      const e = await rpcRejects(p.call(method as UnaryMethod, request as never), method, grpc.status.UNIMPLEMENTED);
      assert.equal(e.codeName, "UNIMPLEMENTED");
    }
    // The typed call() returns the decoded response message.
    assert.equal((await p.call("getPluginInfo", new emptyproto.Empty())).getVersion(), "1.2.3");
  });

  it("decodes ErrorResourceInitFailed and ConfigureErrorMissingKeys details", async () => {
    const init = await rpcRejects(p.create({ name: "w", initFailure: "still booting" }), "create", grpc.status.UNKNOWN);
    assert.equal(init.message, "w did not become ready");
    assert.deepEqual(init.initFailure, {
      id: "id-w",
      properties: { name: "w", ready: false },
      reasons: ["still booting"],
    });
    assert.deepEqual(init.detailTypes, ["type.googleapis.com/pulumirpc.ErrorResourceInitFailed"]);

    const missing = await rpcRejects(
      p.delete("id-w", { missingKey: "fixture:apiKey" }),
      "delete",
      grpc.status.FAILED_PRECONDITION,
    );
    assert.equal(missing.details, "missing configuration");
    assert.deepEqual(missing.missingKeys, [{ name: "fixture:apiKey", description: "the key to delete with" }]);
    assert.equal(missing.initFailure, undefined);
  });

  it("records the plugin's Engine.Log calls with severity, URN, stream id and ephemeral flag", async () => {
    const before = p.engineLogs.length;
    await p.invoke("fixture:index:log", {
      severity: 2,
      message: "sender +15551234567 is not connected",
      urn: p.urn,
      streamId: 7,
      ephemeral: true,
    });
    await p.invoke("fixture:index:log", { severity: 1, message: "plain" });
    assert.deepEqual(p.engineLogs.slice(before), [
      { severity: 2, message: "sender +15551234567 is not connected", urn: p.urn, streamId: 7, ephemeral: true },
      { severity: 1, message: "plain", urn: "", streamId: 0, ephemeral: false },
    ]);
  });

  it("has the output the plugin wrote before answering in stdout/stderr as soon as the call resolves", async () => {
    for (let i = 0; i < 20; i++) {
      await p.invoke("fixture:index:print", { stdout: `out ${i}\n`, stderr: `err ${i}\n` });
      assert.ok(p.stdout.endsWith(`out ${i}\n`), `stdout after call ${i}: ${JSON.stringify(p.stdout.slice(-40))}`);
      assert.ok(p.stderr.endsWith(`err ${i}\n`), `stderr after call ${i}: ${JSON.stringify(p.stderr.slice(-40))}`);
    }
  });

  it("accepts responses over 4 MiB as the engine does, and applies maxMessageBytes and the per-RPC deadline", async () => {
    const big = await p.invoke("fixture:index:large", { bytes: 5 * MiB });
    assert.equal((big.return.blob as string).length, 5 * MiB);

    // Controls: with grpc-js' default 4 MiB limit the same response is refused, so the call above means
    // something; and a short deadline cuts a slow call. Two plugins, so a slow machine cannot mix them up.
    const [small, hasty] = await Promise.all([start({ maxMessageBytes: 4 * MiB }), start({ callTimeoutMs: 300 })]);
    try {
      await rpcRejects(
        small.invoke("fixture:index:large", { bytes: 5 * MiB }),
        "invoke",
        grpc.status.RESOURCE_EXHAUSTED,
      );
      await rpcRejects(hasty.invoke("fixture:index:sleep", { ms: 5000 }), "invoke", grpc.status.DEADLINE_EXCEEDED);
    } finally {
      await Promise.all([small.stop(), hasty.stop()]);
    }
  });
});

describe("test/support: provider plugin harness, process lifecycle", function () {
  this.timeout(20_000);

  it("signal + waitForExit: SIGINT makes a well-behaved plugin exit, and later calls say so", async () => {
    const p = await start();
    try {
      p.signal("SIGINT");
      const exit = await p.waitForExit(5000);
      assert.deepEqual([exit.code, exit.signal], [0, null]);
      assert.ok(exit.ms >= 0 && exit.ms < 5000, `took ${exit.ms} ms`);
      assert.deepEqual(p.exit, { code: 0, signal: null });
      assert.match(p.stderr, /fixture: SIGINT, shutting down\n$/);
      assert.ok(!isAlive(p.pid));
      const e = await rpcRejects(p.getPluginInfo(), "getPluginInfo", grpc.status.UNAVAILABLE);
      assert.match(e.message, /plugin exited with code 0; stderr:\n/);
    } finally {
      await p.stop();
    }
  });

  it("waitForExit times out while the plugin runs, then reports a death by signal", async () => {
    const p = await start();
    try {
      await assert.rejects(p.waitForExit(200), /did not exit within 200 ms/);
      assert.ok(isAlive(p.pid), "waitForExit does not kill");
      p.signal("SIGTERM");
      const exit = await p.waitForExit(5000);
      assert.deepEqual([exit.code, exit.signal], [null, "SIGTERM"]);
    } finally {
      await p.stop();
    }
  });

  it("stop() kills even a plugin that ignores SIGTERM, closes the fake engine, leaves no process, and is idempotent", async () => {
    const p = await start({ env: { FIXTURE_IGNORE_SIGTERM: "1" }, stopGraceMs: 300 });
    const enginePort = Number(p.engineAddress.split(":")[1]);
    await Promise.all([p.stop(), p.stop()]);
    assert.ok(!isAlive(p.pid), "no plugin process left");
    assert.deepEqual(p.exit, { code: null, signal: "SIGKILL" });
    assert.match(p.stderr, /fixture: ignoring SIGTERM/);
    await p.stop();
    await assert.rejects(p.getPluginInfo(), /plugin stopped; cannot call getPluginInfo/);
    const refused = await new Promise<string | undefined>((resolve) => {
      const socket = net.connect(enginePort, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    assert.equal(refused, "ECONNREFUSED", "the fake engine no longer listens");
  });
});
