import assert from "node:assert/strict";
import * as os from "node:os";
import * as pulumi from "@pulumi/pulumi";
import {
  DYNAMIC_RESOURCE_TYPE,
  DynamicProviderPlugin,
  PluginRpcError,
  startDynamicProviderPlugin,
} from "../support/dynamicProviderPlugin";
import {
  CapturedResource,
  PROVIDER_KEY,
  SPECIAL_SECRET_SIG,
  SPECIAL_SIG_KEY,
  captureDynamicResourceInputs,
  snapshotPulumiRuntime,
  withoutProvider,
} from "../support/serializedProvider";

const API_KEY = "sk-selftest-0123456789";

interface ProviderState {
  apiKey?: string;
  baseUrl?: string;
  configureCalls?: number;
}

// A tiny inline dynamic provider. Everything it uses at runtime must be plain JS
// resolvable from the plugin's cwd: the method bodies are compiled by ts-node before
// serialization, and `require("semver/functions/valid")` is emitted verbatim.
const inlineProvider = {
  async configure(this: ProviderState, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configureCalls = (this.configureCalls ?? 0) + 1;
    this.apiKey = req.config.require("chatmaid:apiKey");
    this.baseUrl = req.config.get("baseUrl"); // unqualified: resolved as "<project>:baseUrl"
  },
  async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    if (typeof news.name !== "string" || news.name.trim() === "") {
      return { inputs: news, failures: [{ property: "name", reason: "name is required" }] };
    }
    return { inputs: { ...news, name: news.name.trim() } };
  },
  async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.region !== news.region ? ["region"] : [];
    return {
      changes: olds.name !== news.name || replaces.length > 0,
      replaces,
      deleteBeforeReplace: replaces.length > 0,
    };
  },
  async create(this: ProviderState, inputs: any): Promise<pulumi.dynamic.CreateResult> {
    if (inputs.fail) {
      throw new Error(`create rejected: ${inputs.fail}`);
    }
    const valid = require("semver/functions/valid");
    return {
      id: `id-${inputs.name}`,
      outs: {
        name: inputs.name,
        region: inputs.region,
        authorization: `Bearer ${this.apiKey}`,
        baseUrl: this.baseUrl ?? null,
        configureCalls: this.configureCalls,
        semver: valid("1.2.3"),
      },
    };
  },
  async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    if (id === "gone") {
      return { id: "", props: {} };
    }
    return { id, props: { ...props, refreshed: true } };
  },
  async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return { outs: { ...olds, name: news.name, previousName: olds.name, keyLength: (this as any).apiKey.length } };
  },
  async delete(id: string, props: any): Promise<void> {
    if (props.undeletable) {
      throw new Error(`cannot delete ${id}`);
    }
  },
};

class SelfTestResource extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>) {
    super(inlineProvider, name, args);
  }
}

describe("test/support: dynamic provider plugin harness", function () {
  this.timeout(15_000);

  let captured: CapturedResource[];
  let providerString: string;
  let plugin: DynamicProviderPlugin | undefined;

  before(async () => {
    captured = await captureDynamicResourceInputs(() => [
      new SelfTestResource("widget", { name: " alpha ", region: "eu", token: pulumi.secret("tok") }),
    ]);
    providerString = captured[0].serializedProvider!;
    plugin = await startDynamicProviderPlugin({ provider: providerString, resourceName: "widget" });
  });

  after(async () => {
    await plugin?.stop();
  });

  it("captures the serialized __provider and inputs under mocks", () => {
    assert.equal(captured.length, 1);
    const c = captured[0];
    assert.equal(c.type, DYNAMIC_RESOURCE_TYPE);
    assert.equal(c.name, "widget");
    assert.equal(c.urn, `urn:pulumi:dev::proj::${DYNAMIC_RESOURCE_TYPE}::widget`);
    assert.equal(typeof c.inputs[PROVIDER_KEY], "string");
    assert.match(providerString, /^exports\.handler = /);
    // `require(...)` inside a method body is emitted verbatim, resolved in the plugin at runtime.
    assert.match(providerString, /require\("semver\/functions\/valid"\)/);
    // The mock sees secrets wrapped; plainInputs is what the engine sends the plugin.
    assert.deepEqual(c.inputs.token, { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value: "tok" });
    assert.equal(c.plainInputs.token, "tok");
  });

  it("rejects CRUD calls before configure, like an engine never would", async () => {
    await assert.rejects(plugin!.check({}, { name: "x" }), /before configure\(\)/);
  });

  it("runs configure (secret) + check + create + diff + read + update + delete", async () => {
    const p = plugin!;
    await p.configure({ "chatmaid:apiKey": API_KEY, "proj:baseUrl": "http://127.0.0.1:1" }, ["chatmaid:apiKey"]);

    const checked = await p.check({}, { ...captured[0].plainInputs });
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(withoutProvider(checked.inputs), { name: "alpha", region: "eu", token: "tok" });
    assert.equal(checked.inputs[PROVIDER_KEY], providerString);

    const created = await p.create(checked.inputs);
    assert.equal(created.id, "id-alpha");
    assert.deepEqual(withoutProvider(created.properties), {
      name: "alpha",
      region: "eu",
      authorization: `Bearer ${API_KEY}`, // configure()'s `this` state reached create()
      baseUrl: "http://127.0.0.1:1", // unqualified key resolved with PULUMI_NODEJS_PROJECT
      configureCalls: 1,
      semver: "1.2.3",
    });
    assert.equal(created.properties[PROVIDER_KEY], providerString);

    const same = await p.diff(created.id, created.properties, checked.inputs);
    assert.deepEqual(same, { changes: "none", replaces: [], diffs: [], deleteBeforeReplace: false });
    const renamed = await p.diff(created.id, created.properties, { ...checked.inputs, name: "beta" });
    assert.equal(renamed.changes, "some");
    assert.deepEqual(renamed.replaces, []);
    const moved = await p.diff(created.id, created.properties, { ...checked.inputs, region: "us" });
    assert.deepEqual(moved, { changes: "some", replaces: ["region"], diffs: [], deleteBeforeReplace: true });

    const read = await p.read(created.id, created.properties);
    assert.equal(read.id, created.id);
    assert.equal(read.properties.refreshed, true);
    assert.equal(read.inputs, undefined);
    const gone = await p.read("gone", created.properties);
    assert.equal(gone.id, "");
    assert.deepEqual(withoutProvider(gone.properties), {});

    const updated = await p.update(created.id, created.properties, { ...checked.inputs, name: "beta" });
    assert.equal(updated.properties.name, "beta");
    assert.equal(updated.properties.previousName, "alpha");
    assert.equal(updated.properties.keyLength, API_KEY.length);
    assert.equal(updated.properties.configureCalls, 1, "provider.configure runs once per process");

    await p.delete(created.id, updated.properties);
    await assert.rejects(p.delete("id-x", { undeletable: true }), (e: unknown) => {
      assert.ok(e instanceof PluginRpcError);
      assert.equal(e.message, "cannot delete id-x");
      assert.equal(e.method, "delete");
      return true;
    });
  });

  it("reports check failures and provider errors with their message", async () => {
    const p = plugin!;
    const bad = await p.check({}, { name: "  " });
    assert.deepEqual(bad.failures, [{ property: "name", reason: "name is required" }]);

    await assert.rejects(p.create({ name: "x", fail: "quota exceeded" }), (e: unknown) => {
      assert.ok(e instanceof PluginRpcError);
      assert.equal(e.message, "create rejected: quota exceeded");
      assert.equal(e.code, 2 /* UNKNOWN */);
      return true;
    });
  });

  it("never prints the API key", () => {
    assert.ok(!plugin!.stdout.includes(API_KEY), plugin!.stdout);
    assert.ok(!plugin!.stderr.includes(API_KEY), plugin!.stderr);
    // delete's error is console.error'ed by the plugin itself.
    assert.match(plugin!.stderr, /cannot delete id-x/);
  });

  it("resolves require() in the serialized provider from the plugin's cwd", async () => {
    const elsewhere = await startDynamicProviderPlugin({ cwd: os.tmpdir(), provider: providerString });
    try {
      await elsewhere.configure({ "chatmaid:apiKey": API_KEY }, ["chatmaid:apiKey"]);
      await assert.rejects(elsewhere.create({ name: "alpha" }), /Cannot find module 'semver\/functions\/valid'/);
    } finally {
      await elsewhere.stop();
    }
    assert.notEqual(elsewhere.exitCode, null, "plugin process has exited");
  });

  it("captures repeatedly and restores mocks installed by someone else", async () => {
    const restoreRuntime = snapshotPulumiRuntime();
    try {
      await checkMockRestoration();
    } finally {
      restoreRuntime();
    }
  });

  async function checkMockRestoration(): Promise<void> {
    const seen: string[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          seen.push(args.name);
          return { id: "other", state: args.inputs };
        },
        call: () => ({}),
      },
      "other-project",
      "other-stack",
    );
    const again = await captureDynamicResourceInputs(() => new SelfTestResource("second", { name: "b" }));
    assert.deepEqual(
      again.map((c) => c.name),
      ["second"],
    );
    assert.equal(again[0].serializedProvider, providerString, "serialization is cached per provider object");
    assert.equal(pulumi.getProject(), "other-project");
    const mine = new SelfTestResource("mine", { name: "c" });
    await new Promise<void>((resolve) => mine.urn.apply(() => resolve()));
    assert.deepEqual(seen, ["mine"]);
  }
});

const loggingProvider = {
  async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    await pulumi.log.info(`creating ${inputs.name}`);
    await pulumi.log.warn("careful");
    return { id: "logged", outs: {} };
  },
};

class LoggingResource extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(loggingProvider, name, { name });
  }
}

describe("test/support: pulumi.log inside a dynamic provider", function () {
  this.timeout(15_000);

  it("goes to the fake engine with pulumiLogToEngine, else to the plugin's stdout/stderr", async () => {
    const [res] = await captureDynamicResourceInputs(() => new LoggingResource("logger"));
    for (const toEngine of [true, false]) {
      const p = await startDynamicProviderPlugin({ provider: res.serializedProvider, pulumiLogToEngine: toEngine });
      try {
        await p.configure({});
        assert.equal((await p.create({ name: "n1" })).id, "logged");
        if (toEngine) {
          assert.deepEqual(
            p.engineLogs.map((l) => [l.severity, l.message]),
            [
              [1 /* INFO */, "creating n1"],
              [2 /* WARNING */, "careful"],
            ],
          );
          assert.equal(p.stdout, "");
        } else {
          assert.deepEqual(p.engineLogs, []);
          assert.match(p.stdout, /info: \[runtime\] creating n1/);
          assert.match(p.stderr, /warning: \[runtime\] careful/);
        }
      } finally {
        await p.stop();
      }
    }
  });
});
