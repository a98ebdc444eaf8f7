/**
 * `chatmaid.PhoneNumber` end to end, the way the Pulumi engine runs it: the
 * resource is constructed under `setMocks` to capture its serialized
 * `__provider`, then the SDK's own dynamic-provider plugin is started as a
 * child process and driven over gRPC (Configure, Check, Diff, Create, Read,
 * Update, Delete) against the Chatmaid emulator.
 *
 * Inside the plugin the shim requires `@chatmaid/pulumi/provider`, which
 * resolves (through the `node_modules/@chatmaid/pulumi` symlink) to the BUILT
 * `dist/provider/index.js`: run `npx tsc -p tsconfig.json` before these tests.
 *
 * The plugin is a fresh process per deployment, and the provider caches reads
 * for 10 s per process, so tests that change the emulator between calls either
 * start a new plugin ("the next deployment") or set `chatmaid:cacheSeconds` to 0.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RunningEmulator, SAMPLE_TEST_NUMBERS, startEmulator } from "../../../emulator";
import { DEADLINE_GRACE_MS } from "../../../provider";
import { PhoneNumber } from "../../../sdk/nodejs/phoneNumber";
import { DynamicProviderPlugin, PluginRpcError, startDynamicProviderPlugin } from "../../support/dynamicProviderPlugin";
import {
  CapturedResource,
  PROVIDER_KEY,
  captureDynamicResourceInputs,
  withoutProvider,
} from "../../support/serializedProvider";
import { ISOLATED_STORE } from "../../support/testEnvironment";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const TYPE = "pulumi-nodejs:dynamic/chatmaid:PhoneNumber";
const TEST_KEY = "sk_test_emulator";
const NOSCOPE_KEY = "sk_test_emulator_noscope";
/** Never valid anywhere: the emulator answers 401. */
const SENTINEL_KEY = "sk_test_SENTINEL_9f3b2c7d1e_never_print_me";
/** Keys only the program (not the plugin) sees while the resource is constructed. */
const PROGRAM_ENV_KEY = "sk_test_PROGRAM_ENV_SENTINEL_4a1f";
const PROGRAM_CONFIG_KEY = "sk_test_PROGRAM_CONFIG_SENTINEL_77c2";
const ALL_KEYS = [TEST_KEY, NOSCOPE_KEY, SENTINEL_KEY, PROGRAM_ENV_KEY, PROGRAM_CONFIG_KEY];

const PRIMARY = SAMPLE_TEST_NUMBERS.find((n) => n.phoneNumber === "+15551234567")!;
const SUPPORT = SAMPLE_TEST_NUMBERS.find((n) => n.phoneNumber === "+15552345678")!;
const CONNECTING = SAMPLE_TEST_NUMBERS.find((n) => n.phoneNumber === "+15553456789")!;
const QR_PENDING = SAMPLE_TEST_NUMBERS.find((n) => n.phoneNumber === "+15554567890")!;

const OUTPUT_FIELDS = [
  "phoneId",
  "phoneNumber",
  "displayName",
  "connectionStatus",
  "lastConnectedAt",
  "lastDisconnectedAt",
  "createdAt",
  "updatedAt",
  "environment",
] as const;

/** How the engine sends a value not known until apply (preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Props = Record<string, unknown>;

// --- shared fixtures ------------------------------------------------------------------------

let emulator: RunningEmulator;
/** The resources as a program registers them (constructed once, under mocks). */
let captured: CapturedResource[];
let serializedProvider: string;
/** Every plugin started by this file: the final describe checks none printed a key. */
const plugins: DynamicProviderPlugin[] = [];

/** Inputs the engine sends for the captured resource `name` (plain, with `__provider`). */
function inputsOf(name: string): Props {
  const found = captured.find((c) => c.name === name);
  assert.ok(found, `resource ${name} was captured`);
  return { ...found.plainInputs };
}

/** Starts the plugin like the engine does, with no CHATMAID_* settings leaking in from this process. */
async function startPlugin(env: NodeJS.ProcessEnv = {}, pulumiLogToEngine = false): Promise<DynamicProviderPlugin> {
  const blank: NodeJS.ProcessEnv = {};
  for (const k of Object.keys(process.env)) if (k.startsWith("CHATMAID_")) blank[k] = "";
  blank.CHATMAID_API_KEY = "";
  blank.CHATMAID_BASE_URL = "";
  Object.assign(blank, ISOLATED_STORE);
  const plugin = await startDynamicProviderPlugin({
    cwd: REPO_ROOT,
    provider: serializedProvider,
    resourceType: TYPE,
    resourceName: "sender",
    env: { ...blank, ...env },
    pulumiLogToEngine,
  });
  plugins.push(plugin);
  return plugin;
}

/** Sends Configure with the stack config the engine would (the key as a secret). */
async function configure(
  plugin: DynamicProviderPlugin,
  apiKey: string | undefined,
  extra: Record<string, string> = {},
): Promise<void> {
  const config: Record<string, string> = { "chatmaid:baseUrl": emulator.url, ...extra };
  if (apiKey !== undefined) config["chatmaid:apiKey"] = apiKey;
  await plugin.configure(config, ["chatmaid:apiKey"]);
}

/** One deployment: a fresh plugin process, configured with the test key, stopped afterwards. */
async function deployment<T>(
  run: (plugin: DynamicProviderPlugin) => Promise<T>,
  extra: Record<string, string> = {},
): Promise<T> {
  const plugin = await startPlugin();
  try {
    await configure(plugin, TEST_KEY, extra);
    return await run(plugin);
  } finally {
    await plugin.stop();
  }
}

/** Asserts a PluginRpcError whose message matches every pattern; returns the message. */
async function rejectsWith(promise: Promise<unknown>, method: string, ...patterns: RegExp[]): Promise<string> {
  let message = "";
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof PluginRpcError, `expected a PluginRpcError, got ${String(e)}`);
    assert.equal(e.method, method);
    message = e.message;
    return true;
  });
  for (const p of patterns) assert.match(message, p);
  for (const key of ALL_KEYS) assert.ok(!message.includes(key), `error message leaks a key: ${message}`);
  return message;
}

function assertNoKeyIn(value: unknown, where: string): void {
  const text = JSON.stringify(value);
  for (const key of ALL_KEYS) assert.ok(!text.includes(key), `${where} contains an API key: ${text}`);
  assert.ok(!/apiKey/i.test(Object.keys((value as Props) ?? {}).join(",")), `${where} has an apiKey property`);
}

// --- the tests ------------------------------------------------------------------------------

describe("chatmaid.PhoneNumber through the dynamic-provider plugin", function () {
  this.timeout(30_000);

  before(async function () {
    assert.ok(
      fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js")),
      "dist/provider/index.js is missing: run `npx tsc -p tsconfig.json` first (the plugin requires the built package)",
    );
    emulator = await startEmulator({ rateLimit: 0 });

    // Construct the resources as a program would, with a key in the program's environment
    // AND in its stack config: neither may reach the serialized provider or the inputs.
    const store = require("@pulumi/pulumi/runtime/state").getStore();
    const savedConfig = { ...store.config };
    const savedEnvKey = process.env.CHATMAID_API_KEY;
    process.env.CHATMAID_API_KEY = PROGRAM_ENV_KEY;
    try {
      captured = await captureDynamicResourceInputs(() => {
        pulumi.runtime.setAllConfig(
          { "chatmaid:apiKey": PROGRAM_CONFIG_KEY, "chatmaid:baseUrl": "http://127.0.0.1:9" },
          ["chatmaid:apiKey"],
        );
        return [
          new PhoneNumber("sender", { id: " +1 (555) 123-4567 " }),
          new PhoneNumber("required", { id: pulumi.output(PRIMARY.id), requireConnected: pulumi.output(true) }),
          new PhoneNumber("support", { id: SUPPORT.phoneNumber }),
          new PhoneNumber("marketing", { id: QR_PENDING.phoneNumber, requireConnected: true }),
          new PhoneNumber("onboarding", {
            id: CONNECTING.phoneNumber,
            requireConnected: true,
            waitForConnectedSeconds: 30,
          }),
        ];
      });
    } finally {
      Object.assign(store.config, savedConfig);
      if (savedEnvKey === undefined) delete process.env.CHATMAID_API_KEY;
      else process.env.CHATMAID_API_KEY = savedEnvKey;
    }
    serializedProvider = captured[0].serializedProvider!;
  });

  after(async () => {
    await Promise.all(plugins.map((p) => p.stop()));
    await emulator?.close();
  });

  describe("registration and the serialized provider", () => {
    it("registers type pulumi-nodejs:dynamic/chatmaid:PhoneNumber with the id stored as `identifier`", () => {
      assert.equal(captured.length, 5);
      for (const c of captured) {
        assert.equal(c.type, TYPE);
        assert.equal(c.custom, true);
        assert.equal(typeof c.inputs[PROVIDER_KEY], "string", "__provider is a plain string, not a secret");
        assert.equal(c.serializedProvider, serializedProvider, "one provider shared by every PhoneNumber");
      }
      const sender = inputsOf("sender");
      assert.equal(sender.identifier, " +1 (555) 123-4567 ", "the raw id; check normalizes it");
      assert.equal("id" in sender, false, "`id` is reserved by Pulumi");
      assert.equal(inputsOf("required").identifier, PRIMARY.id);
      assert.equal(inputsOf("required").requireConnected, true, "Input<boolean> resolved");
      assert.equal(inputsOf("onboarding").waitForConnectedSeconds, 30);
    });

    it("keeps every API key out of the inputs", () => {
      for (const c of captured) {
        assertNoKeyIn(withoutProvider(c.inputs), `inputs of ${c.name}`);
        assertNoKeyIn(withoutProvider(c.plainInputs), `plain inputs of ${c.name}`);
      }
    });

    it("serializes a small provider that captures no key", () => {
      const size = Buffer.byteLength(serializedProvider, "utf8");
      console.log(`      serialized PhoneNumber provider: ${size} bytes`);
      assert.ok(size < 16 * 1024, `serialized provider is ${size} bytes`);
      assert.ok(!serializedProvider.includes(PROGRAM_ENV_KEY), "captured the program's CHATMAID_API_KEY");
      assert.ok(!serializedProvider.includes(PROGRAM_CONFIG_KEY), "captured the program's chatmaid:apiKey config");
      assert.doesNotMatch(serializedProvider, /sk_(test|live)_/);
      assert.doesNotMatch(serializedProvider, /127\.0\.0\.1:9/, "captured the program's chatmaid:baseUrl config");
      // The thin shim: the implementation is required inside the plugin.
      assert.match(serializedProvider, /require\("@chatmaid\/pulumi\/provider"\)/);
    });
  });

  describe("configure and check", () => {
    let plugin: DynamicProviderPlugin;
    before(async () => {
      emulator.reset();
      plugin = await startPlugin();
      await configure(plugin, TEST_KEY);
    });
    after(async () => plugin?.stop());

    it("normalizes a friendly E.164 number without any request", async () => {
      emulator.clearRequests();
      const checked = await plugin.check({}, inputsOf("sender"));
      assert.deepEqual(checked.failures, []);
      assert.equal(checked.inputs.identifier, "+15551234567");
      assert.equal(checked.inputs[PROVIDER_KEY], serializedProvider);
      assertNoKeyIn(withoutProvider(checked.inputs), "checked inputs");
      assert.deepEqual(emulator.requests, [], "check without requireConnected makes no request");
    });

    for (const bad of ["not-a-number", "5551234567", "", "+1555123456789012345"]) {
      it(`reports ${JSON.stringify(bad)} as a failure on \`id\` without any request`, async () => {
        emulator.clearRequests();
        for (const requireConnected of [undefined, true]) {
          const checked = await plugin.check(
            {},
            { identifier: bad, ...(requireConnected ? { requireConnected } : {}) },
          );
          assert.equal(checked.failures.length, 1, JSON.stringify(checked.failures));
          assert.equal(checked.failures[0].property, "id");
          assert.match(checked.failures[0].reason, /is not valid/);
        }
        assert.deepEqual(emulator.requests, [], "an invalid id never reaches the API");
      });
    }

    it("in a preview with unknown inputs, validates nothing unknown and makes no request", async () => {
      emulator.clearRequests();
      const unknownId = await plugin.check({}, { identifier: UNKNOWN, requireConnected: true });
      assert.deepEqual(unknownId.failures, []);
      assert.equal(unknownId.inputs.identifier, UNKNOWN);
      const unknownFlag = await plugin.check({}, { identifier: PRIMARY.id, requireConnected: UNKNOWN });
      assert.deepEqual(unknownFlag.failures, []);
      const olds = { identifier: PRIMARY.id, phoneId: PRIMARY.id, connectionStatus: "connected" };
      const diff = await plugin.diff(PRIMARY.id, olds, { identifier: UNKNOWN, requireConnected: true });
      assert.equal(diff.changes, "unknown");
      assert.deepEqual(emulator.requests, []);
    });

    it("reports bad requireConnected / waitForConnectedSeconds as failures on those properties", async () => {
      const checked = await plugin.check(
        {},
        { identifier: PRIMARY.id, requireConnected: "yes", waitForConnectedSeconds: 99999 },
      );
      assert.deepEqual(checked.failures.map((f) => f.property).sort(), ["requireConnected", "waitForConnectedSeconds"]);
    });
  });

  describe("lifecycle: create, diff, update, read, delete", () => {
    let plugin: DynamicProviderPlugin;
    let inputs: Props;
    let created: { id: string; properties: Props };

    before(async () => {
      emulator.reset();
      plugin = await startPlugin();
      // Reads are cached 10 s per process; these tests change the emulator between calls.
      await configure(plugin, TEST_KEY, { "chatmaid:cacheSeconds": "0" });
      inputs = (await plugin.check({}, inputsOf("sender"))).inputs;
    });
    after(async () => plugin?.stop());

    it("create reads the number: the resource ID is the internal ID and every output is set", async () => {
      created = await plugin.create(inputs);
      assert.equal(created.id, PRIMARY.id);
      const props = withoutProvider(created.properties);
      for (const field of OUTPUT_FIELDS) assert.ok(field in props, `output ${field} is missing`);
      assert.deepEqual(props, {
        identifier: "+15551234567",
        phoneId: PRIMARY.id,
        phoneNumber: PRIMARY.phoneNumber,
        displayName: PRIMARY.displayName,
        connectionStatus: "connected",
        lastConnectedAt: PRIMARY.lastConnectedAt,
        lastDisconnectedAt: null,
        createdAt: PRIMARY.createdAt,
        updatedAt: PRIMARY.updatedAt,
        environment: "test",
      });
      assertNoKeyIn(props, "created properties");
      assert.equal(created.properties[PROVIDER_KEY], serializedProvider);
    });

    it("create of a number with no display name keeps it null", async () => {
      const other = await plugin.create({ identifier: "+15555678901" });
      assert.equal(other.id, "65c1a2b3c4d5e6f708192a3e");
      assert.equal(other.properties.displayName, null);
    });

    it("diff re-reads: nothing changed remotely -> no changes", async () => {
      emulator.clearRequests();
      const diff = await plugin.diff(created.id, created.properties, inputs);
      assert.equal(diff.changes, "none");
      assert.deepEqual(diff.replaces, []);
      assert.ok(emulator.requests.length > 0, "diff read the number again");
    });

    it("diff reports a change when the number was disconnected in the dashboard, and update stores it", async () => {
      const changed = emulator.setStatus(PRIMARY.id, "disconnected");
      const diff = await plugin.diff(created.id, created.properties, inputs);
      assert.equal(diff.changes, "some");
      assert.deepEqual(diff.replaces, []);

      const updated = await plugin.update(created.id, created.properties, inputs);
      const props = withoutProvider(updated.properties);
      assert.equal(props.phoneId, PRIMARY.id);
      assert.equal(props.connectionStatus, "disconnected");
      assert.equal(props.lastDisconnectedAt, changed.lastDisconnectedAt);
      assert.equal(props.updatedAt, changed.updatedAt);
      assertNoKeyIn(props, "updated properties");

      // After the update, state matches the remote record again.
      const again = await plugin.diff(created.id, updated.properties, inputs);
      assert.equal(again.changes, "none");
      created = { id: created.id, properties: updated.properties };
    });

    it("diff replaces when the id now names another number", async () => {
      const diff = await plugin.diff(created.id, created.properties, { ...inputs, identifier: SUPPORT.id });
      assert.equal(diff.changes, "some");
      assert.deepEqual(diff.replaces, ["identifier"]);
    });

    it("read (refresh) re-reads the current record", async () => {
      emulator.setStatus(PRIMARY.id, "connected");
      const read = await plugin.read(created.id, created.properties);
      assert.equal(read.id, PRIMARY.id);
      assert.equal(read.properties.connectionStatus, "connected");
      assert.equal(read.properties.identifier, "+15551234567", "inputs kept in state");
      assert.equal(
        read.properties.lastConnectedAt,
        emulator.getNumbers("test").find((n) => n.id === PRIMARY.id)!.lastConnectedAt,
      );
      assertNoKeyIn(withoutProvider(read.properties), "read properties");
      created = { id: created.id, properties: read.properties };
    });

    it("read of a number removed from the account drops it from state (empty id)", async () => {
      emulator.setNumbers(
        "test",
        emulator.getNumbers("test").filter((n) => n.id !== PRIMARY.id),
      );
      emulator.clearRequests();
      const read = await plugin.read(created.id, created.properties);
      assert.ok(
        emulator.requests.some((r) => r.path.endsWith(`/${PRIMARY.id}`) && r.status === 404),
        `asked the API for the number: ${JSON.stringify(emulator.requests)}`,
      );
      assert.equal(read.id, "");
      assert.deepEqual(withoutProvider(read.properties), {});
    });

    it("delete only forgets: it resolves and never calls the API", async () => {
      emulator.clearRequests();
      await plugin.delete(created.id, created.properties);
      assert.deepEqual(emulator.requests, []);
    });

    it("delete needs no credentials at all", async () => {
      const bare = await startPlugin();
      try {
        await bare.configure({});
        emulator.clearRequests();
        await bare.delete(created.id, created.properties);
        assert.deepEqual(emulator.requests, []);
      } finally {
        await bare.stop();
      }
    });
  });

  describe("requireConnected holds on every preview and up", () => {
    let created: { id: string; properties: Props };
    let inputs: Props;

    before(() => emulator.reset());

    it("create succeeds while the number is connected", async () => {
      created = await deployment(async (plugin) => {
        const checked = await plugin.check({}, inputsOf("required"));
        assert.deepEqual(checked.failures, []);
        inputs = checked.inputs;
        return plugin.create(inputs);
      });
      assert.equal(created.id, PRIMARY.id);
      assert.equal(created.properties.connectionStatus, "connected");
      assert.equal(created.properties.requireConnected, true);
    });

    it("the next preview fails once it is disconnected, although no input changed (check and diff)", async () => {
      const now = emulator.setStatus(PRIMARY.id, "disconnected");
      assert.ok(now.lastConnectedAt, "the sample number has a last connected time");
      const expected = [
        /\+15551234567/,
        /Primary Sender/,
        /disconnected/,
        new RegExp(`last connected ${now.lastConnectedAt!.replace(/\./g, "\\.")}`),
      ];

      await deployment(async (plugin) => {
        // Preview: the engine calls Check (olds = last inputs), then Diff.
        const checked = await plugin.check(inputs, inputs);
        assert.equal(checked.failures.length, 1, JSON.stringify(checked.failures));
        assert.equal(checked.failures[0].property, "requireConnected");
        for (const p of expected) assert.match(checked.failures[0].reason, p);

        await rejectsWith(plugin.diff(created.id, created.properties, inputs), "diff", ...expected);
        await rejectsWith(plugin.update(created.id, created.properties, inputs), "update", ...expected);
      });
    });

    it("passes again once reconnected; a reconnect alone is no change for a drift gate, only timestamps moved", async () => {
      emulator.setStatus(PRIMARY.id, "connected");
      await deployment(async (plugin) => {
        assert.deepEqual((await plugin.check(inputs, inputs)).failures, []);
        const diff = await plugin.diff(created.id, created.properties, inputs);
        assert.equal(diff.changes, "none", "lastConnectedAt/updatedAt moved, nothing else");
        // The update (or a refresh) stores the fresh timestamps.
        const updated = await plugin.update(created.id, created.properties, inputs);
        assert.notEqual(updated.properties.lastConnectedAt, created.properties.lastConnectedAt);
      });
    });

    it("a change of status or display name is a change", async () => {
      emulator.setStatus(SUPPORT.id, "disconnected");
      await deployment(
        async (plugin) => {
          const support = { ...inputsOf("support") };
          const made = await plugin.create(support);
          emulator.setStatus(SUPPORT.id, "connected");
          assert.equal((await plugin.diff(made.id, made.properties, support)).changes, "some");
          const renamed = { ...made.properties, displayName: "Old name" };
          emulator.setStatus(SUPPORT.id, "disconnected");
          assert.equal(
            (await plugin.diff(made.id, { ...renamed, connectionStatus: "disconnected" }, support)).changes,
            "some",
          );
        },
        { "chatmaid:cacheSeconds": "0" },
      );
    });

    it("create of a qr_pending number fails naming it, its display name, status and last connection", async () => {
      await deployment(async (plugin) => {
        const expected = [/\+15554567890/, /Marketing/, /qr_pending/, /never connected/];
        const checked = await plugin.check({}, inputsOf("marketing"));
        assert.equal(checked.failures.length, 1);
        assert.equal(checked.failures[0].property, "requireConnected");
        for (const p of expected) assert.match(checked.failures[0].reason, p);
        await rejectsWith(plugin.create(checked.inputs), "create", ...expected);
      });
    });

    it("a number gone from the account fails check on `id`", async () => {
      await deployment(async (plugin) => {
        const checked = await plugin.check({}, { identifier: "+15559999999", requireConnected: true });
        assert.equal(checked.failures.length, 1);
        assert.equal(checked.failures[0].property, "id");
        assert.match(checked.failures[0].reason, /\+15559999999/);
      });
    });
  });

  describe("waitForConnectedSeconds", () => {
    // Two `connecting` answers, then connected: polls at ~0 s, 1 s and 3 s.
    let slow: RunningEmulator;
    let plugin: DynamicProviderPlugin;
    before(async () => {
      slow = await startEmulator({ rateLimit: 0, connectingPolls: 2 });
      // pulumi.log to the stand-in engine, to see the wait's lines and their levels.
      plugin = await startPlugin({}, true);
      await plugin.configure({ "chatmaid:apiKey": TEST_KEY, "chatmaid:baseUrl": slow.url }, ["chatmaid:apiKey"]);
    });
    after(async () => {
      await plugin?.stop();
      await slow?.close();
    });

    it("create polls /status until a connecting number connects", async () => {
      const inputs = (await plugin.check({}, { ...inputsOf("onboarding"), requireConnected: false })).inputs;
      const started = Date.now();
      const created = await plugin.create({ ...inputs, requireConnected: true });
      assert.equal(created.id, CONNECTING.id);
      assert.equal(created.properties.connectionStatus, "connected");
      assert.equal(created.properties.waitForConnectedSeconds, 30);
      const polls = slow.requests.filter((r) => r.path.endsWith(`/${CONNECTING.id}/status`));
      assert.equal(polls.length, 3, JSON.stringify(slow.requests.map((r) => r.path)));
      assert.ok(Date.now() - started >= 2500, "polled with backoff");
      // A wait of a few seconds is a normal run: its lines go to the engine at debug level only.
      const lines = plugin.engineLogs.map((l) => `${l.severity} ${l.message}`);
      assert.ok(
        lines.some((l) => /^0 Waiting up to 30 s .*\+15553456789/.test(l)),
        lines.join("\n"),
      );
      assert.ok(
        lines.some((l) => /^0 \+15553456789 \(Onboarding Bot\): connecting -> connected/.test(l)),
        lines.join("\n"),
      );
      assert.ok(
        plugin.engineLogs.every((l) => l.severity === 0),
        lines.join("\n"),
      );
    });

    it("gives up within the wait plus the grace when /status hangs, naming the number", async function () {
      this.timeout(15_000);
      // A number whose status this plugin has not read yet (the first read may come from the cache).
      slow.setStatus(QR_PENDING.id, "qr_pending");
      slow.injectFault({ kind: "hang", path: "/status", times: 100 });
      const started = Date.now();
      try {
        await rejectsWith(
          plugin.create({ identifier: QR_PENDING.id, requireConnected: true, waitForConnectedSeconds: 2 }),
          "create",
          /\+15554567890/,
          /did not answer before the deadline/,
          /after waiting 2 s/,
        );
      } finally {
        slow.clearFaults();
      }
      const took = Date.now() - started;
      assert.ok(took >= 2000 && took < 2000 + DEADLINE_GRACE_MS + 1500, `took ${took} ms`);
    });

    it("does not pass a number the list says is connected when its /status never answers", async function () {
      this.timeout(15_000);
      slow.injectFault({ kind: "hang", path: "/status", times: 100 });
      const started = Date.now();
      try {
        await rejectsWith(
          plugin.create({ identifier: "+15555678901", requireConnected: true, waitForConnectedSeconds: 2 }),
          "create",
          /\+15555678901 .*: connected when last read \(its status request did not answer before the deadline\)/,
        );
      } finally {
        slow.clearFaults();
      }
      const took = Date.now() - started;
      assert.ok(took >= 2000 && took < 2000 + DEADLINE_GRACE_MS + 1500, `took ${took} ms`);
    });

    it("fails after the wait when it never connects", async () => {
      slow.setStatus(CONNECTING.id, "connecting");
      slow.setStatus(QR_PENDING.id, "qr_pending");
      await rejectsWith(
        plugin.create({ identifier: QR_PENDING.id, requireConnected: true, waitForConnectedSeconds: 1 }),
        "create",
        /after waiting 1 s/,
        /\+15554567890/,
        /qr_pending/,
      );
    });
  });

  describe("credentials", () => {
    before(() => emulator.reset());

    it("come from the plugin's environment when the stack config has none", async () => {
      const plugin = await startPlugin({ CHATMAID_API_KEY: TEST_KEY, CHATMAID_BASE_URL: emulator.url });
      try {
        await plugin.configure({});
        const checked = await plugin.check({}, inputsOf("support"));
        assert.deepEqual(checked.failures, []);
        const created = await plugin.create(checked.inputs);
        assert.equal(created.id, SUPPORT.id);
        assert.equal(created.properties.connectionStatus, "disconnected");
        assert.equal(created.properties.environment, "test");
        assertNoKeyIn(withoutProvider(created.properties), "created properties");
      } finally {
        await plugin.stop();
      }
    });

    it("stack config wins over the plugin's environment", async () => {
      const plugin = await startPlugin({
        CHATMAID_API_KEY: "sk_live_emulator",
        CHATMAID_BASE_URL: "http://127.0.0.1:9",
      });
      try {
        await configure(plugin, TEST_KEY);
        const created = await plugin.create({ identifier: PRIMARY.phoneNumber });
        assert.equal(created.properties.environment, "test");
      } finally {
        await plugin.stop();
      }
    });

    it("with no key anywhere, the error names the three ways a resource can get one", async () => {
      const plugin = await startPlugin();
      try {
        await plugin.configure({ "chatmaid:baseUrl": emulator.url });
        emulator.clearRequests();
        // The message names only the ways that apply to a resource: its apiKey input, stack config, the environment.
        const ways = [/the apiKey input of the PhoneNumber/, /chatmaid:apiKey/, /CHATMAID_API_KEY/];
        assert.doesNotMatch(
          await rejectsWith(
            plugin.check({}, { ...inputsOf("sender"), requireConnected: true }),
            "check",
            /No Chatmaid API key/,
            ...ways,
          ),
          /apiKey argument/,
        );
        assert.doesNotMatch(
          await rejectsWith(plugin.create({ identifier: PRIMARY.id }), "create", /No Chatmaid API key/, ...ways),
          /apiKey argument/,
        );
        assert.deepEqual(emulator.requests, []);
      } finally {
        await plugin.stop();
      }
    });

    it("with no key anywhere, a malformed id still fails check on `id` (the input is the first thing to fix)", async () => {
      const plugin = await startPlugin();
      try {
        await plugin.configure({ "chatmaid:baseUrl": emulator.url });
        const checked = await plugin.check({}, { identifier: "555-CALL-NOW", requireConnected: true });
        assert.deepEqual(
          checked.failures.map((f) => f.property),
          ["id"],
        );
        assert.match(checked.failures[0].reason, /555-CALL-NOW/);
      } finally {
        await plugin.stop();
      }
    });

    it("a key without the read scope fails check itself, not the requireConnected input", async () => {
      const plugin = await startPlugin();
      try {
        await configure(plugin, NOSCOPE_KEY);
        await rejectsWith(
          plugin.check({}, { ...inputsOf("sender"), requireConnected: true }),
          "check",
          /phone_numbers:read/,
          /403/,
        );
      } finally {
        await plugin.stop();
      }
    });

    it("a key without the read scope names phone_numbers:read", async () => {
      const plugin = await startPlugin();
      try {
        await configure(plugin, NOSCOPE_KEY);
        await rejectsWith(
          plugin.create({ identifier: PRIMARY.id }),
          "create",
          /phone_numbers:read/,
          /403/,
          /stack config chatmaid:apiKey/,
        );
      } finally {
        await plugin.stop();
      }
    });

    it("a refused key (401) is reported by where it came from, never by value", async () => {
      const plugin = await startPlugin();
      try {
        await configure(plugin, SENTINEL_KEY);
        // Not an input's fault: check itself fails, naming where the key came from.
        await rejectsWith(plugin.check({}, inputsOf("required")), "check", /401/, /stack config chatmaid:apiKey/);
        const checked = { inputs: { identifier: PRIMARY.phoneNumber, requireConnected: true } };
        await rejectsWith(plugin.create(checked.inputs), "create", /401/, /stack config chatmaid:apiKey/);
        // diff and read errors are also printed (with their stack) to the plugin's stderr.
        const olds = { ...checked.inputs, phoneId: PRIMARY.id, connectionStatus: "connected" };
        await rejectsWith(plugin.diff(PRIMARY.id, olds, checked.inputs), "diff", /401/);
        await rejectsWith(plugin.read(PRIMARY.id, olds), "read", /401/);
        assert.match(plugin.stderr, /401/, "the failures did reach stderr");
        assert.ok(!plugin.stdout.includes(SENTINEL_KEY), plugin.stdout);
        assert.ok(!plugin.stderr.includes(SENTINEL_KEY), plugin.stderr);
      } finally {
        await plugin.stop();
      }
    });

    it("an env key that is refused is not printed either", async () => {
      const plugin = await startPlugin({ CHATMAID_API_KEY: SENTINEL_KEY, CHATMAID_BASE_URL: emulator.url });
      try {
        await plugin.configure({});
        await rejectsWith(
          plugin.create({ identifier: PRIMARY.id }),
          "create",
          /401/,
          /CHATMAID_API_KEY environment variable/,
        );
        await rejectsWith(plugin.read(PRIMARY.id, { identifier: PRIMARY.id }), "read", /401/);
      } finally {
        await plugin.stop();
      }
    });
  });

  describe("secrets hygiene", () => {
    it("no plugin ever printed an API key to stdout or stderr", function () {
      if (plugins.length === 0) this.skip(); // run alone (--grep): nothing to inspect
      for (const [i, p] of plugins.entries()) {
        for (const key of ALL_KEYS) {
          assert.ok(!p.stdout.includes(key), `plugin #${i} stdout contains a key:\n${p.stdout}`);
          assert.ok(!p.stderr.includes(key), `plugin #${i} stderr contains a key:\n${p.stderr}`);
        }
      }
    });
  });
});
