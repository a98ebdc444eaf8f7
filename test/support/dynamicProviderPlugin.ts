/**
 * Test support: drive a Pulumi *dynamic* resource provider the way the Pulumi
 * engine does, without the Pulumi CLI.
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
import { ChildProcess, spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SPECIAL_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const PROVIDER_KEY = "__provider";
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

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: { property: string; reason: string }[];
}
export interface DiffResult {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
}
export interface EngineLog {
  severity: number;
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
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

/** Error a provider RPC rejected with; `message` is the plugin's gRPC `details` (the provider's error message). */
export class PluginRpcError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly code: grpc.status | undefined,
    /** For Create/Update failures whose error carried an `id` (ErrorResourceInitFailed details). */
    readonly initFailure?: { id: string; properties: Record<string, unknown>; reasons: string[] },
  ) {
    super(message);
    this.name = "PluginRpcError";
  }
}

// --- process bookkeeping: never leave plugins behind -------------------------------------
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const c of liveChildren) {
        try {
          c.kill("SIGKILL");
        } catch {
          /* ignore */
        }
      }
    });
  }
}

function pluginScriptPath(): string {
  return path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "dynamic-provider", "index.js");
}

function toStruct(obj: Record<string, unknown>): structproto.Struct {
  // JSON round trip: drops `undefined` (Struct.fromJavaScript throws on it), like the engine's marshalling.
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(obj ?? {})));
}
function fromStruct(s: structproto.Struct | undefined): Record<string, unknown> {
  return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
    throw new Error(`invalid URN: ${urn}`);
  }
  return { type: parts[2].split("$").pop() as string, name: parts.slice(3).join("::") };
}

function decodeInitFailure(err: grpc.ServiceError): PluginRpcError["initFailure"] {
  const raw = err.metadata?.get("grpc-status-details-bin");
  if (!raw || raw.length === 0) {
    return undefined;
  }
  try {
    const st = statusproto.Status.deserializeBinary(new Uint8Array(raw[0] as Buffer));
    for (const any of st.getDetailsList()) {
      if (any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) {
        const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
        return { id: d.getId(), properties: fromStruct(d.getProperties()), reasons: d.getReasonsList() };
      }
    }
  } catch {
    /* ignore undecodable details */
  }
  return undefined;
}

interface FakeEngine {
  address: string;
  logs: EngineLog[];
  close(): Promise<void>;
}

async function startFakeEngine(): Promise<FakeEngine> {
  const logs: EngineLog[] = [];
  const server = new grpc.Server();
  const impl: engrpc.IEngineServer = {
    log(call, cb) {
      const r = call.request;
      logs.push({
        severity: r.getSeverity(),
        message: r.getMessage(),
        urn: r.getUrn(),
        streamId: r.getStreamid(),
        ephemeral: r.getEphemeral(),
      });
      cb(null, new emptyproto.Empty());
    },
    getRootResource(_call, cb) {
      cb(null, new engproto.GetRootResourceResponse());
    },
    setRootResource(_call, cb) {
      cb(null, new engproto.SetRootResourceResponse());
    },
    startDebugging(_call, cb) {
      cb(null, new emptyproto.Empty());
    },
    requirePulumiVersion(_call, cb) {
      cb(null, new engproto.RequirePulumiVersionResponse());
    },
  };
  server.addService(engrpc.EngineService, impl);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** Starts the SDK's dynamic-provider plugin plus a fake engine. Always `await plugin.stop()` (e.g. in `after`). */
export async function startDynamicProviderPlugin(options: PluginOptions = {}): Promise<DynamicProviderPlugin> {
  const project = options.project ?? "proj";
  const stack = options.stack ?? "dev";
  const defaultUrn = `urn:pulumi:${stack}::${project}::${options.resourceType ?? DYNAMIC_RESOURCE_TYPE}::${
    options.resourceName ?? "test"
  }`;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;

  const engine = await startFakeEngine();

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Do not leak the test process' own Pulumi runtime settings into the plugin.
  for (const k of Object.keys(env)) {
    if (k.startsWith("PULUMI_NODEJS_") || k === "PULUMI_CONFIG" || k === "PULUMI_CONFIG_SECRET_KEYS") {
      delete env[k];
    }
  }
  // What the engine sets for the pulumi-nodejs provider (sdk/go/common/resource/plugin/provider_plugin.go).
  env.PULUMI_NODEJS_PROJECT = project;
  env.PULUMI_PROJECT = project;
  if (options.stackConfig) {
    env.PULUMI_CONFIG = JSON.stringify(options.stackConfig);
  }
  if (options.pulumiLogToEngine) {
    env.PULUMI_NODEJS_ENGINE = engine.address;
  }
  Object.assign(env, options.env ?? {});

  const child = spawn(process.execPath, [pluginScriptPath(), engine.address], {
    cwd: options.cwd ?? process.cwd(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackChild(child);

  let stdoutRaw = "";
  let stderr = "";
  let exitCode: number | null = null;
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      exitCode = code ?? (signal ? -1 : null);
      liveChildren.delete(child);
      resolve();
    });
  });
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (stdoutRaw += d));
  child.stderr!.on("data", (d: string) => (stderr += d));

  // Assigned once the port is known; stop() below may run before that.
  // eslint-disable-next-line prefer-const
  let client: provrpc.ResourceProviderClient | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) {
      return;
    }
    stopped = true;
    client?.close();
    if (!exited) {
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exitPromise;
      clearTimeout(killTimer);
    }
    await engine.close();
  };

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`dynamic-provider plugin did not print its port within timeout; stderr:\n${stderr}`)),
        options.startupTimeoutMs ?? 20_000,
      );
      const onData = () => {
        const nl = stdoutRaw.indexOf("\n");
        if (nl >= 0) {
          const line = stdoutRaw.slice(0, nl).trim();
          const p = Number(line);
          cleanup();
          if (Number.isInteger(p) && p > 0) {
            resolve(p);
          } else {
            reject(new Error(`unexpected first line from dynamic-provider plugin: ${JSON.stringify(line)}`));
          }
        }
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`dynamic-provider plugin exited early (code ${exitCode}); stderr:\n${stderr}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        child.off("exit", onExit);
      };
      child.stdout!.on("data", onData);
      child.once("exit", onExit);
      child.once("error", (e) => {
        cleanup();
        reject(e);
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const portLineEnd = stdoutRaw.indexOf("\n") + 1;

  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 1024 * 1024 * 400,
    "grpc.max_send_message_length": 1024 * 1024 * 400,
  });
  let configured = false;

  function unary<Req, Res>(method: string, req: Req): Promise<Res> {
    if (stopped) {
      return Promise.reject(new Error(`plugin stopped; cannot call ${method}`));
    }
    return new Promise<Res>((resolve, reject) => {
      const deadline = new Date(Date.now() + callTimeoutMs);
      (client as any)[method](req, new grpc.Metadata(), { deadline }, (err: grpc.ServiceError | null, res: Res) => {
        if (err) {
          let message = err.details || err.message;
          if (exited) {
            message += ` (plugin exited with code ${exitCode}; stderr:\n${stderr})`;
          }
          reject(new PluginRpcError(message, method, err.code, decodeInitFailure(err)));
        } else {
          resolve(res);
        }
      });
    });
  }

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

  const plugin: DynamicProviderPlugin = {
    get stdout() {
      return stdoutRaw.slice(portLineEnd);
    },
    get stderr() {
      return stderr;
    },
    get engineLogs() {
      return engine.logs;
    },
    urn: defaultUrn,
    port,
    engineAddress: engine.address,
    get exitCode() {
      return exitCode;
    },
    stop,

    async configure(config, secretKeys = []) {
      const args: Record<string, unknown> = {};
      const req = new provproto.ConfigureRequest();
      const vars = req.getVariablesMap();
      for (const [k, v] of Object.entries(config)) {
        if (v === undefined) {
          continue;
        }
        args[k] = secretKeys.includes(k) ? { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value: v } : v;
        vars.set(`pulumi-nodejs:config:${k}`, typeof v === "string" ? v : JSON.stringify(v));
      }
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      req.setSendsOldInputs(true);
      req.setSendsOldInputsToDelete(true);
      req.setUrn(`urn:pulumi:${stack}::${project}::pulumi:providers:pulumi-nodejs::default`);
      req.setName("default");
      req.setType("pulumi:providers:pulumi-nodejs");
      await unary<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
      configured = true;
    },

    async check(olds, news, urn = defaultUrn) {
      requireConfigured("check");
      const { type, name } = parseUrn(urn);
      const req = new provproto.CheckRequest();
      req.setUrn(urn);
      req.setName(name);
      req.setType(type);
      req.setOlds(toStruct(withProvider(olds, true)));
      req.setNews(toStruct(withProvider(news)));
      req.setRandomseed(new Uint8Array(crypto.randomBytes(32)));
      const res = await unary<provproto.CheckRequest, provproto.CheckResponse>("check", req);
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(id, olds, news, oldInputs) {
      requireConfigured("diff");
      const { type, name } = parseUrn(defaultUrn);
      const req = new provproto.DiffRequest();
      req.setId(id);
      req.setUrn(defaultUrn);
      req.setName(name);
      req.setType(type);
      req.setOlds(toStruct(withProvider(olds, true)));
      req.setNews(toStruct(withProvider(news)));
      req.setOldInputs(toStruct(withProvider(oldInputs ?? olds, true)));
      const res = await unary<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
      const C = provproto.DiffResponse.DiffChanges;
      const changes = res.getChanges();
      return {
        changes: changes === C.DIFF_SOME ? "some" : changes === C.DIFF_NONE ? "none" : "unknown",
        replaces: res.getReplacesList(),
        diffs: res.getDiffsList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },

    async create(props) {
      requireConfigured("create");
      const { type, name } = parseUrn(defaultUrn);
      const req = new provproto.CreateRequest();
      req.setUrn(defaultUrn);
      req.setName(name);
      req.setType(type);
      req.setProperties(toStruct(withProvider(props)));
      const res = await unary<provproto.CreateRequest, provproto.CreateResponse>("create", req);
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },

    async read(id, props, inputs) {
      requireConfigured("read");
      const { type, name } = parseUrn(defaultUrn);
      const req = new provproto.ReadRequest();
      req.setId(id);
      req.setUrn(defaultUrn);
      req.setName(name);
      req.setType(type);
      req.setProperties(toStruct(withProvider(props)));
      if (inputs) {
        req.setInputs(toStruct(withProvider(inputs, true)));
      }
      const res = await unary<provproto.ReadRequest, provproto.ReadResponse>("read", req);
      return {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
        inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined,
      };
    },

    async update(id, olds, news, oldInputs) {
      requireConfigured("update");
      const { type, name } = parseUrn(defaultUrn);
      const req = new provproto.UpdateRequest();
      req.setId(id);
      req.setUrn(defaultUrn);
      req.setName(name);
      req.setType(type);
      req.setOlds(toStruct(withProvider(olds, true)));
      req.setNews(toStruct(withProvider(news)));
      req.setOldInputs(toStruct(withProvider(oldInputs ?? olds, true)));
      const res = await unary<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
      return { properties: fromStruct(res.getProperties()) };
    },

    async delete(id, props, oldInputs) {
      requireConfigured("delete");
      const { type, name } = parseUrn(defaultUrn);
      const req = new provproto.DeleteRequest();
      req.setId(id);
      req.setUrn(defaultUrn);
      req.setName(name);
      req.setType(type);
      req.setProperties(toStruct(withProvider(props)));
      req.setOldInputs(toStruct(withProvider(oldInputs ?? props, true)));
      await unary<provproto.DeleteRequest, emptyproto.Empty>("delete", req);
    },
  };
  return plugin;
}
