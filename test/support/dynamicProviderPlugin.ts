/**
 * Test support: drive a Pulumi *dynamic* resource provider the way the Pulumi
 * engine does, without the Pulumi CLI.
 *
 * A thin layer on the generic harness in `providerPlugin.ts` (process, port,
 * fake engine, gRPC, errors); this file only adds the dynamic-provider
 * conventions: the SDK's plugin script, the `__provider` property, its
 * Configure shape and its environment.
 *
 * The harness starts the SDK's own dynamic-provider plugin
 * (`node node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine-address>`)
 * as a child process, reads the port it prints as its first stdout line, and
 * talks to its `pulumirpc.ResourceProvider` gRPC service with the SDK's proto
 * stubs. A tiny fake `pulumirpc.Engine` server is started too and its address
 * is passed as the plugin's argument, exactly like the engine does.
 *
 * Behaviour of the plugin (`@pulumi/pulumi` 3.248.0, `cmd/dynamic-provider/index.js`)
 * that tests should know about:
 *  - Every CRUD request carries the serialized provider in the `__provider`
 *    property; the plugin evaluates it with `require-from-string` (cached per
 *    distinct string, i.e. one provider *instance* per string per process).
 *  - The Configure RPC only stores `args` (secret wrappers unwrapped); the
 *    provider's own `configure({ config })` runs lazily on the first
 *    Check/Diff/Create/Read/Update/Delete that deserializes that provider, and
 *    only once per process. So an error thrown by `provider.configure` surfaces
 *    from that first CRUD call, not from `configure()`. NOTE: the plugin caches
 *    the provider *before* awaiting its `configure`, so if `configure` throws,
 *    later calls use the cached, un-configured provider without retrying.
 *  - `req.config.get(key)` looks up `rawConfig[key]` for keys containing ":";
 *    keys without ":" are prefixed with the project from
 *    `PULUMI_NODEJS_PROJECT` (the plugin's default is "project").
 *    The harness sets `PULUMI_NODEJS_PROJECT`/`PULUMI_PROJECT` like the engine.
 *  - The plugin answers Configure with `acceptSecrets: false`; the engine then
 *    strips secret wrappers before every CRUD call. This harness therefore sends
 *    plain values to CRUD calls (pass plain values, see `unwrapSecrets`).
 *  - The plugin never calls the engine. `pulumi.log.*` inside provider code only
 *    reaches an engine when `PULUMI_NODEJS_ENGINE` is set, which the real engine
 *    does NOT do; by default such logs go to the plugin's stdout/stderr
 *    (`info:`/`warning:`/`error: [runtime] ...`). Set `pulumiLogToEngine: true`
 *    to route them to the fake engine (`engineLogs`).
 *  - Errors thrown in check/diff/read/delete are also `console.error`ed by the
 *    plugin (message + stack) to its stderr; create/update errors are not.
 */
import * as path from "node:path";
import { PluginRpcError, ProviderPlugin, startProviderPlugin } from "./providerPlugin";
import type { CheckResult, EngineLog } from "./providerPlugin";

export { PluginRpcError };
export type { CheckResult, EngineLog };

const PROVIDER_KEY = "__provider";
/** Package of the dynamic provider: its provider resource is `pulumi:providers:pulumi-nodejs`. */
const DYNAMIC_PACKAGE = "pulumi-nodejs";
/** Type token of `new pulumi.dynamic.Resource(...)` without module/type arguments. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

export interface PluginOptions {
  /**
   * Working directory of the plugin process (default `process.cwd()`).
   * `require("x")` calls inside the serialized provider resolve from here
   * (require-from-string is called without a filename, so the module's
   * lookup paths are `<cwd>/node_modules`, `<cwd>/../node_modules`, ...; and
   * relative `require("./x")` is relative to this directory).
   */
  cwd?: string;
  /** Extra environment for the plugin process (applied last, overrides the harness defaults). */
  env?: NodeJS.ProcessEnv;
  /** Project name: sets PULUMI_NODEJS_PROJECT / PULUMI_PROJECT and the URNs (default "proj"). */
  project?: string;
  /** Stack name used in URNs only (the engine does not pass the stack to the plugin); default "dev". */
  stack?: string;
  /** Resource name used in default URNs (default "test"). */
  resourceName?: string;
  /** Resource type used in default URNs (default "pulumi-nodejs:dynamic:Resource"). */
  resourceType?: string;
  /**
   * Serialized provider (`__provider` string). When set, the harness adds
   * `__provider` to `news`/`props` (and to non-empty `olds`) that lack it,
   * as the engine would since the key is part of the stored inputs/outputs.
   */
  provider?: string;
  /**
   * Stack configuration to expose via `PULUMI_CONFIG` (JSON), like the engine
   * does for dynamic providers (keys fully qualified, e.g. "chatmaid:apiKey").
   * This is what `new pulumi.Config()` inside the plugin would read.
   */
  stackConfig?: Record<string, string>;
  /** Route `pulumi.log.*` inside the plugin to the fake engine (sets PULUMI_NODEJS_ENGINE). Default false (= real engine behaviour). */
  pulumiLogToEngine?: boolean;
  /** Startup timeout (process spawn until port printed), default 20 000 ms. */
  startupTimeoutMs?: number;
  /** Per-RPC deadline, default 15 000 ms. */
  callTimeoutMs?: number;
}

export interface DiffResult {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
}

export interface DynamicProviderPlugin {
  /**
   * Sends Configure as the engine does: `args` struct holding the config
   * (keys as given, e.g. "chatmaid:apiKey"; values in `secretKeys` wrapped as
   * secrets), the legacy `variables` map (`pulumi-nodejs:config:<key>` ->
   * string), `acceptSecrets`/`acceptResources`/`sendsOldInputs*` = true and
   * the default-provider URN. Must be called before any CRUD call (the engine
   * always does). See the module comment for when `provider.configure` runs.
   */
  configure(config: Record<string, unknown>, secretKeys?: string[]): Promise<void>;
  check(olds: Record<string, unknown>, news: Record<string, unknown>, urn?: string): Promise<CheckResult>;
  diff(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    oldInputs?: Record<string, unknown>,
  ): Promise<DiffResult>;
  create(props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }>;
  read(
    id: string,
    props: Record<string, unknown>,
    inputs?: Record<string, unknown>,
  ): Promise<{ id: string; properties: Record<string, unknown>; inputs?: Record<string, unknown> }>;
  update(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    oldInputs?: Record<string, unknown>,
  ): Promise<{ properties: Record<string, unknown> }>;
  delete(id: string, props: Record<string, unknown>, oldInputs?: Record<string, unknown>): Promise<void>;
  /** Plugin stdout after the port handshake line. */
  readonly stdout: string;
  /** Plugin stderr. */
  readonly stderr: string;
  /** Log calls received by the fake engine (only populated with `pulumiLogToEngine: true`). */
  readonly engineLogs: EngineLog[];
  /** The URN used when a call does not pass one. */
  readonly urn: string;
  /** Port of the plugin's gRPC server / address of the fake engine. */
  readonly port: number;
  readonly engineAddress: string;
  /** Exit code/signal once the process has exited (null while running). */
  readonly exitCode: number | null;
  /** Kills the plugin, closes the channel and the fake engine. Idempotent. */
  stop(): Promise<void>;
}

function pluginScriptPath(): string {
  return path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "dynamic-provider", "index.js");
}

/** Starts the SDK's dynamic-provider plugin plus a fake engine. Always `await plugin.stop()` (e.g. in `after`). */
export async function startDynamicProviderPlugin(options: PluginOptions = {}): Promise<DynamicProviderPlugin> {
  const project = options.project ?? "proj";
  const plugin: ProviderPlugin = await startProviderPlugin({
    label: "dynamic-provider plugin",
    command: [process.execPath, pluginScriptPath()],
    packageName: DYNAMIC_PACKAGE,
    cwd: options.cwd,
    project,
    stack: options.stack,
    resourceType: options.resourceType ?? DYNAMIC_RESOURCE_TYPE,
    resourceName: options.resourceName,
    stackConfig: options.stackConfig,
    startupTimeoutMs: options.startupTimeoutMs,
    callTimeoutMs: options.callTimeoutMs,
    // Only the test process' own Pulumi *runtime* settings are kept out; other PULUMI_* pass, as before.
    inheritEnv: (k) => !(k.startsWith("PULUMI_NODEJS_") || k === "PULUMI_CONFIG" || k === "PULUMI_CONFIG_SECRET_KEYS"),
    // What the engine sets for the pulumi-nodejs provider (sdk/go/common/resource/plugin/provider_plugin.go).
    env: (engineAddress) => ({
      PULUMI_NODEJS_PROJECT: project,
      ...(options.pulumiLogToEngine ? { PULUMI_NODEJS_ENGINE: engineAddress } : {}),
      ...options.env,
    }),
  });

  let configured = false;
  function requireConfigured(method: string): void {
    if (!configured) {
      throw new Error(
        `${method}() called before configure(): the engine always sends Configure first, ` +
          "and the plugin's provider.configure() would receive undefined config",
      );
    }
  }

  const withProvider = (props: Record<string, unknown>, onlyIfNonEmpty = false): Record<string, unknown> => {
    if (options.provider === undefined || props[PROVIDER_KEY] !== undefined) {
      return props;
    }
    if (onlyIfNonEmpty && Object.keys(props).length === 0) {
      return props;
    }
    return { ...props, [PROVIDER_KEY]: options.provider };
  };

  return {
    get stdout() {
      return plugin.stdout;
    },
    get stderr() {
      return plugin.stderr;
    },
    get engineLogs() {
      return plugin.engineLogs;
    },
    urn: plugin.urn,
    port: plugin.port,
    engineAddress: plugin.engineAddress,
    get exitCode() {
      const exit = plugin.exit;
      return exit === null ? null : (exit.code ?? (exit.signal ? -1 : null));
    },
    stop: () => plugin.stop(),

    async configure(config, secretKeys = []) {
      // The plugin reads only `args` (and keeps the keys as given); `variables` is sent because the engine does.
      await plugin.configure({ args: config, variables: config, secretKeys });
      configured = true;
    },

    async check(olds, news, urn) {
      requireConfigured("check");
      return plugin.check(withProvider(olds, true), withProvider(news), { urn });
    },

    async diff(id, olds, news, oldInputs) {
      requireConfigured("diff");
      const res = await plugin.diff(
        id,
        withProvider(olds, true),
        withProvider(news),
        withProvider(oldInputs ?? olds, true),
      );
      return {
        changes: res.changes,
        replaces: res.replaces,
        diffs: res.diffs,
        deleteBeforeReplace: res.deleteBeforeReplace,
      };
    },

    async create(props) {
      requireConfigured("create");
      const res = await plugin.create(withProvider(props));
      return { id: res.id, properties: res.properties };
    },

    async read(id, props, inputs) {
      requireConfigured("read");
      const res = await plugin.read(id, withProvider(props), inputs && withProvider(inputs, true));
      return { id: res.id, properties: res.properties ?? {}, inputs: res.inputs };
    },

    async update(id, olds, news, oldInputs) {
      requireConfigured("update");
      return plugin.update(id, withProvider(olds, true), withProvider(news), withProvider(oldInputs ?? olds, true));
    },

    async delete(id, props, oldInputs) {
      requireConfigured("delete");
      await plugin.delete(id, withProvider(props), withProvider(oldInputs ?? props, true));
    },
  };
}
