/**
 * Test support: start ANY Pulumi resource provider plugin the way the Pulumi
 * engine does, and drive its `pulumirpc.ResourceProvider` gRPC service with
 * the SDK's own proto stubs, without the Pulumi CLI.
 *
 * What the engine does, and what this harness reproduces (see
 * /work/notes/protocol.md §1 for the sources):
 *  - argv: `<command...> [--logtostderr] [-v=N] [--tracing <endpoint>] <engineAddress>`;
 *    the engine address (`127.0.0.1:<port>` of its own `pulumirpc.Engine`
 *    server) is always last. The harness runs a fake Engine that records Log
 *    calls and passes its address the same way.
 *  - Exec mode is `command = [binary]` (or `[node, script]`); folder mode
 *    (`PulumiPlugin.yaml`, runtime nodejs) is what the Node language host runs:
 *    `command = [node, runPluginScriptPath(), <pluginFolder>]`, with cwd the
 *    project directory. Both read the port the same way.
 *  - stdin is a pipe nothing is written to; cwd is the project directory;
 *    the environment is the engine's own plus `PULUMI_PROJECT` (and
 *    `PULUMI_CONFIG`). This harness inherits this process' environment minus
 *    `PULUMI_*` by default, so the test runner's own Pulumi settings do not
 *    leak in.
 *  - The port: the engine reads stdout up to the FIRST newline, strips two
 *    .NET progress escapes, trims whitespace and parses an integer in
 *    1..65535. Anything else printed first fails the plugin load ("wrote an
 *    invalid port to stdout"). The harness fails the same way, with a
 *    {@link PluginStartError}. Everything after that line, and all of
 *    stderr, is captured (`stdout`/`stderr`); the engine hides it from users.
 *  - It then dials `127.0.0.1:<port>` with a 400 MiB receive limit and waits
 *    up to 10 s for the connection. The harness does the same, but does NOT
 *    send Handshake by itself: tests call `call("handshake", ...)` when they
 *    want it, so the RPCs a test sees are exactly the ones it sent.
 *  - Shutdown: the engine sends Cancel, then SIGINT (exec mode, then SIGKILL
 *    after 5 s) or SIGKILL (folder mode). Tests reproduce that with
 *    `cancel()`, `signal()` and `waitForExit()`; `stop()` is cleanup only.
 *
 * The typed methods fill in what the engine sends for each RPC (urn, name and
 * type from the URN, random seed, `old_inputs`, preview flags, ...). Values are
 * plain JSON; wrap secrets with {@link secret} and send {@link UNKNOWN} for
 * values not known during preview, as the engine would on the wire.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as errorsproto from "@pulumi/pulumi/proto/errors_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

/** The engine's sentinel for a value that is not known yet (preview); used for every type in practice. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Key and value of the signature that marks a secret on the wire: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The engine's gRPC message size limit (`rpcutil.maxRPCMessageSize`, 400 MiB). */
export const MAX_RPC_MESSAGE_BYTES = 400 * 1024 * 1024;
/** How long the engine keeps trying to reach a plugin's port (`pluginRPCConnectionTimeout`). */
const ENGINE_CONNECT_TIMEOUT_MS = 10_000;

/** A secret value as the engine sends it when the provider accepts secrets. */
export interface SecretValue<T = unknown> {
  [SECRET_SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

/** Wraps `value` in the secret signature object. */
export function secret<T>(value: T): SecretValue<T> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** Path of the SDK's `cmd/run-plugin/index.js`, which the Node language host runs for a plugin folder. */
export function runPluginScriptPath(): string {
  return path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-plugin", "index.js");
}

/** Flags the engine puts before the engine address (`buildPluginArguments`). */
export interface EngineFlags {
  /** `--logtostderr`: the CLI runs with `--logflow --logtostderr`. */
  logToStderr?: boolean;
  /** `-v=N`: the CLI runs with `--logflow -v=N` (only sent when N > 0). */
  verbosity?: number;
  /** `--tracing <endpoint>`: the CLI runs with tracing on. */
  tracing?: string;
}

/** The arguments the engine passes a plugin, in its order: flags, then the engine address last. */
export function engineArguments(flags: EngineFlags, engineAddress: string): string[] {
  const args: string[] = [];
  if (flags.logToStderr) args.push("--logtostderr");
  if (flags.verbosity !== undefined && flags.verbosity > 0) args.push(`-v=${flags.verbosity}`);
  if (flags.tracing) args.push("--tracing", flags.tracing);
  args.push(engineAddress);
  return args;
}

/** Options of {@link startProviderPlugin}. */
export interface ProviderPluginOptions {
  /**
   * Executable and leading arguments, e.g. `[process.execPath, "bin/pulumi-resource-chatmaid.js"]`
   * or `[process.execPath, runPluginScriptPath(), pluginFolder]`. The engine flags and address follow.
   */
  command: string[];
  /** Package name: the provider type `pulumi:providers:<pkg>` and the Configure `variables` keys `<pkg>:config:<key>`. */
  packageName: string;
  /** Flags inserted before the engine address (default none, as without `--logflow`/tracing). */
  engineFlags?: EngineFlags;
  /** Working directory: the Pulumi project directory (default `process.cwd()`). */
  cwd?: string;
  /**
   * Extra environment, applied last (a `""` value blanks a variable). A function gets the fake
   * engine's address, for variables that must point at it.
   */
  env?: NodeJS.ProcessEnv | ((engineAddress: string) => NodeJS.ProcessEnv);
  /** Which variables of this process the plugin inherits (default: all but `PULUMI_*`). */
  inheritEnv?: (name: string) => boolean;
  /** Project name: `PULUMI_PROJECT` and the URNs (default "proj"). */
  project?: string;
  /** Stack name, used in URNs only (the engine does not pass the stack to plugins); default "dev". */
  stack?: string;
  /** Type of the default resource URN (default `<pkg>:index:Resource`). */
  resourceType?: string;
  /** Name in the default resource URN (default "test"). */
  resourceName?: string;
  /** Stack config for this package, sent as `PULUMI_CONFIG` JSON like the engine does (unset by default). */
  stackConfig?: Record<string, string>;
  /** Time from spawn until the port line, default 20 000 ms. */
  startupTimeoutMs?: number;
  /** Deadline of every RPC, default 15 000 ms. */
  callTimeoutMs?: number;
  /** Client send and receive limit, default {@link MAX_RPC_MESSAGE_BYTES} like the engine. */
  maxMessageBytes?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL, default 2 000 ms. */
  stopGraceMs?: number;
  /** Name used in error messages (default: the base name of the last `command` element). */
  label?: string;
}

/** A Log call received by the fake engine (`pulumirpc.LogRequest`). */
export interface EngineLog {
  /** DEBUG=0, INFO=1, WARNING=2, ERROR=3. */
  severity: number;
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

/** How the process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** {@link ExitStatus} plus how long it took: from the last `signal()`, or from the `waitForExit()` call if none. */
export interface ExitResult extends ExitStatus {
  ms: number;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Check / CheckConfig response. `inputs` is `{}` when the plugin returned none (what the engine then stores). */
export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** `pulumirpc.PropertyDiff.Kind` names. */
export type PropertyDiffKind = keyof typeof provproto.PropertyDiff.Kind;

/** Diff / DiffConfig response. */
export interface DiffResult {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  stables: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
  hasDetailedDiff: boolean;
  detailedDiff: Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  supportsPreview: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
  supportsAutonamingConfiguration: boolean;
}

export interface CreateResult {
  id: string;
  properties: Record<string, unknown>;
  refreshBeforeUpdate: boolean;
}

/**
 * Read response. `properties` is `undefined` when unset (the engine: "resource does not exist");
 * `inputs` is `undefined` when unset (refresh keeps the old inputs; import fails).
 */
export interface ReadResult {
  id: string;
  properties?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  refreshBeforeUpdate: boolean;
}

export interface InvokeResult {
  /** `{}` when unset: the engine unmarshals a missing return as an empty map. */
  return: Record<string, unknown>;
  failures: CheckFailure[];
}

/** Configure as the engine sends it. Send `args`, `variables`, or both (the engine sends both). */
export interface ConfigureOptions {
  /**
   * Provider inputs by bare key (`apiKey`, `maxRetries`, `version`), sent as the `args` Struct.
   * Keys in `secretKeys` are wrapped in the secret signature. Omitted: no `args` field at all.
   */
  args?: Record<string, unknown>;
  /**
   * Provider inputs by bare key, sent as the legacy `variables` map: `<pkg>:config:<key>` -> string
   * (strings as-is, other values JSON-encoded, secrets unwrapped, `version` skipped, as the engine does).
   */
  variables?: Record<string, unknown>;
  /** Top-level `args` keys sent as secrets. */
  secretKeys?: string[];
  /** Defaults true, as the engine always sends. */
  acceptSecrets?: boolean;
  acceptResources?: boolean;
  sendsOldInputs?: boolean;
  sendsOldInputsToDelete?: boolean;
  /** Provider resource URN (default {@link ProviderPlugin.providerUrn}); name and type are taken from it. */
  urn?: string;
  /** Provider resource ID (default {@link ProviderPlugin.providerId}; the engine sends {@link UNKNOWN} while previewing a new provider). */
  id?: string;
}

type Props = Record<string, unknown>;
type Client = provrpc.IResourceProviderClient;
type Callback<Res> = (error: grpc.ServiceError | null, response: Res) => void;
type FullUnarySignature<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: Callback<Res>,
) => grpc.ClientUnaryCall;
/** Request and response types of a stub method, inferred from its last (full) overload. */
type Messages<F> = F extends FullUnarySignature<infer Req, infer Res> ? { req: Req; res: Res } : never;

/** Names of the provider service's unary RPCs: all but the server-streaming `list`. */
export type UnaryMethod = Exclude<keyof Client, "list">;
/** Request message of a unary RPC. */
export type RequestOf<M extends UnaryMethod> = Messages<Client[M]>["req"];
/** Response message of a unary RPC. */
export type ResponseOf<M extends UnaryMethod> = Messages<Client[M]>["res"];

/** A running plugin; see {@link startProviderPlugin}. */
export interface ProviderPlugin {
  readonly pid: number;
  /** Port the plugin printed; the harness is connected to `127.0.0.1:<port>`. */
  readonly port: number;
  /** Address of the fake engine, the plugin's last argument. */
  readonly engineAddress: string;
  /** Arguments after the executable: `command.slice(1)`, the engine flags, the engine address. */
  readonly args: readonly string[];
  /** Default resource URN: `urn:pulumi:<stack>::<project>::<resourceType>::<resourceName>`. */
  readonly urn: string;
  /** Default provider URN: `urn:pulumi:<stack>::<project>::pulumi:providers:<pkg>::default`. */
  readonly providerUrn: string;
  /** Provider resource ID sent with Configure by default (a UUID, as outside preview). */
  readonly providerId: string;
  /** Plugin stdout after the port line. */
  readonly stdout: string;
  /** Plugin stderr. */
  readonly stderr: string;
  /** Log calls the fake engine received, in order. */
  readonly engineLogs: EngineLog[];
  /** How the process ended, `null` while it runs. */
  readonly exit: ExitStatus | null;

  getPluginInfo(): Promise<{ version: string }>;
  /** GetSchema; returns the schema JSON string. The engine always sends version 0. */
  getSchema(request?: { version?: number; subpackageName?: string; subpackageVersion?: string }): Promise<string>;
  /** CheckConfig for the provider resource (secrets are sent plain, unknowns as sentinels). */
  checkConfig(olds: Props, news: Props, opts?: { urn?: string }): Promise<CheckResult>;
  /** DiffConfig: `olds` are the old outputs, `oldInputs` default to `olds`. No ID, as the engine sends none. */
  diffConfig(
    olds: Props,
    news: Props,
    oldInputs?: Props,
    opts?: { urn?: string; ignoreChanges?: string[] },
  ): Promise<DiffResult>;
  configure(opts: ConfigureOptions): Promise<ConfigureResult>;
  /** Invoke `token`; `preview` is false unless given (the engine always sends the flag). */
  invoke(token: string, args: Props, opts?: { preview?: boolean }): Promise<InvokeResult>;
  /** Check: `olds` is `{}` for a new resource; a fresh 32-byte random seed unless given. No preview flag exists. */
  check(olds: Props, news: Props, opts?: { urn?: string; randomSeed?: Uint8Array }): Promise<CheckResult>;
  /** Diff: `olds` are the old outputs, `oldInputs` default to `olds`. */
  diff(
    id: string,
    olds: Props,
    news: Props,
    oldInputs?: Props,
    opts?: { urn?: string; ignoreChanges?: string[] },
  ): Promise<DiffResult>;
  create(props: Props, opts?: { urn?: string; preview?: boolean; timeout?: number }): Promise<CreateResult>;
  /** Read: `props` is the stored state, `inputs` the stored inputs (omitted for an import). */
  read(id: string, props: Props, inputs?: Props, opts?: { urn?: string; timeout?: number }): Promise<ReadResult>;
  /** Update: `olds` are the old outputs, `oldInputs` default to `olds`. */
  update(
    id: string,
    olds: Props,
    news: Props,
    oldInputs?: Props,
    opts?: { urn?: string; preview?: boolean; timeout?: number; ignoreChanges?: string[] },
  ): Promise<{ properties: Props }>;
  /** Delete: `props` are the old outputs, `oldInputs` default to `props`. Never sent during preview. */
  delete(id: string, props: Props, oldInputs?: Props, opts?: { urn?: string; timeout?: number }): Promise<void>;
  /** Cancel, as the engine sends on Ctrl-C and before every shutdown. */
  cancel(): Promise<void>;
  /** Any unary RPC with a hand-built request (Handshake, Construct, Call, Parameterize, GetMapping, ...). */
  call<M extends UnaryMethod>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Sends `sig` to the plugin process (the engine sends SIGINT, then SIGKILL). */
  signal(sig: NodeJS.Signals): void;
  /** Resolves once the process has exited; rejects after `timeoutMs` (without killing it). */
  waitForExit(timeoutMs: number): Promise<ExitResult>;
  /** Closes the channel, kills the plugin (SIGTERM, then SIGKILL) and the fake engine. Idempotent. */
  stop(): Promise<void>;
}

/** A provider RPC failed; `message` is the plugin's gRPC `details` (the provider's error message). */
export class PluginRpcError extends Error {
  /** The raw gRPC status details string. */
  readonly details: string;
  /** `pulumirpc.ConfigureErrorMissingKeys` details, when present. */
  readonly missingKeys?: { name: string; description: string }[];
  /** `pulumirpc.InputPropertiesError` details, when present. */
  readonly inputPropertiesErrors?: { propertyPath: string; reason: string }[];
  /** Type URLs of every entry of `grpc-status-details-bin`. */
  readonly detailTypes: string[];

  constructor(
    message: string,
    readonly method: string,
    readonly code: grpc.status | undefined,
    /** For Create/Update failures whose error carried an `id` (ErrorResourceInitFailed details). */
    readonly initFailure?: { id: string; properties: Record<string, unknown>; reasons: string[] },
    extra: Partial<Pick<PluginRpcError, "details" | "missingKeys" | "inputPropertiesErrors" | "detailTypes">> = {},
  ) {
    super(message);
    this.name = "PluginRpcError";
    this.details = extra.details ?? message;
    this.missingKeys = extra.missingKeys;
    this.inputPropertiesErrors = extra.inputPropertiesErrors;
    this.detailTypes = extra.detailTypes ?? [];
  }

  /** The status code's name, e.g. "UNIMPLEMENTED". */
  get codeName(): string | undefined {
    return this.code === undefined ? undefined : grpc.status[this.code];
  }
}

/** The plugin could not be loaded the way the engine loads it (no port, a bad port line, no connection). */
export class PluginStartError extends Error {
  constructor(
    message: string,
    /** The first stdout line, when one was read. */
    readonly firstLine: string | undefined,
    readonly stdout: string,
    readonly stderr: string,
    readonly exit: ExitStatus | null,
    /** The process that was started (and has been killed), if it could be spawned. */
    readonly pid: number | undefined,
  ) {
    super(message);
    this.name = "PluginStartError";
  }
}

// --- process bookkeeping: never leave plugins behind -------------------------------------
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // The test runner may exit (mocha --exit) with plugins still running; kill them synchronously.
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

// --- wire helpers ------------------------------------------------------------------------

/** Struct from plain JSON-able values; undefined is dropped (`Struct.fromJavaScript` throws on it), like the engine's marshalling. */
export function toStruct(obj: Props | undefined): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(obj ?? {})));
}

function fromStruct(s: structproto.Struct | undefined): Props {
  return s ? (s.toJavaScript() as Props) : {};
}

function isSecret(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && (v as Props)[SECRET_SIG_KEY] === SECRET_SIG;
}

function unwrapSecrets(v: unknown): unknown {
  if (isSecret(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

/** Type and name from `urn:pulumi:<stack>::<project>::<[parent$]type>::<name>`, as the engine fills them in. */
function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
    throw new Error(`invalid URN: ${urn}`);
  }
  return { type: parts[2].split("$").pop() as string, name: parts.slice(3).join("::") };
}

/** The engine's `parsePort`: drop the .NET progress escapes, trim, integer in 1..65535. */
function parsePortLine(line: string): number | undefined {
  const cleaned = line.replaceAll("\x1b]9;4;3;\x1b\\", "").replaceAll("\x1b]9;4;0;\x1b\\", "").trim();
  if (!/^[+-]?\d+$/.test(cleaned)) return undefined;
  const port = Number(cleaned);
  return port > 0 && port <= 65535 ? port : undefined;
}

function describeExit(exit: ExitStatus | null): string {
  if (!exit) return "still running";
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

function rpcError(method: string, err: grpc.ServiceError, suffix: string): PluginRpcError {
  let initFailure: PluginRpcError["initFailure"];
  let missingKeys: PluginRpcError["missingKeys"];
  let inputPropertiesErrors: PluginRpcError["inputPropertiesErrors"];
  const detailTypes: string[] = [];
  const raw = err.metadata?.get("grpc-status-details-bin");
  if (raw && raw.length > 0) {
    try {
      const st = statusproto.Status.deserializeBinary(new Uint8Array(raw[0] as Buffer));
      for (const any of st.getDetailsList()) {
        const typeUrl = any.getTypeUrl();
        detailTypes.push(typeUrl);
        if (typeUrl.endsWith("pulumirpc.ErrorResourceInitFailed")) {
          const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
          initFailure = { id: d.getId(), properties: fromStruct(d.getProperties()), reasons: d.getReasonsList() };
        } else if (typeUrl.endsWith("pulumirpc.ConfigureErrorMissingKeys")) {
          const d = provproto.ConfigureErrorMissingKeys.deserializeBinary(any.getValue_asU8());
          missingKeys = d.getMissingkeysList().map((k) => ({ name: k.getName(), description: k.getDescription() }));
        } else if (typeUrl.endsWith("pulumirpc.InputPropertiesError")) {
          const d = errorsproto.InputPropertiesError.deserializeBinary(any.getValue_asU8());
          inputPropertiesErrors = d
            .getErrorsList()
            .map((e) => ({ propertyPath: e.getPropertyPath(), reason: e.getReason() }));
        }
      }
    } catch {
      /* ignore undecodable details: the code and message still say what happened */
    }
  }
  const details = err.details || err.message;
  return new PluginRpcError(details + suffix, method, err.code, initFailure, {
    details,
    missingKeys,
    inputPropertiesErrors,
    detailTypes,
  });
}

function diffResult(res: provproto.DiffResponse): DiffResult {
  const C = provproto.DiffResponse.DiffChanges;
  const changes = res.getChanges();
  const kindNames = Object.fromEntries(
    Object.entries(provproto.PropertyDiff.Kind).map(([name, value]) => [value, name as PropertyDiffKind]),
  );
  const detailedDiff: DiffResult["detailedDiff"] = {};
  res.getDetaileddiffMap().forEach((d, key) => {
    detailedDiff[key] = { kind: kindNames[d.getKind()], inputDiff: d.getInputdiff() };
  });
  return {
    changes: changes === C.DIFF_SOME ? "some" : changes === C.DIFF_NONE ? "none" : "unknown",
    replaces: res.getReplacesList(),
    stables: res.getStablesList(),
    diffs: res.getDiffsList(),
    deleteBeforeReplace: res.getDeletebeforereplace(),
    hasDetailedDiff: res.getHasdetaileddiff(),
    detailedDiff,
  };
}

function failures(list: provproto.CheckFailure[]): CheckFailure[] {
  return list.map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
}

// --- the fake engine ---------------------------------------------------------------------

interface FakeEngine {
  address: string;
  logs: EngineLog[];
  close(): Promise<void>;
}

/** A `pulumirpc.Engine` server that records Log calls and answers the rest with empty responses. */
async function startFakeEngine(maxMessageBytes: number): Promise<FakeEngine> {
  const logs: EngineLog[] = [];
  // The engine's own servers accept 400 MiB too.
  const server = new grpc.Server({ "grpc.max_receive_message_length": maxMessageBytes });
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

// --- the harness -------------------------------------------------------------------------

/**
 * Starts a provider plugin plus a fake engine, waits for its port and connects to it.
 * Rejects with {@link PluginStartError} when the engine would fail to load it. Always
 * `await plugin.stop()` (e.g. in `after`).
 */
export async function startProviderPlugin(options: ProviderPluginOptions): Promise<ProviderPlugin> {
  if (options.command.length === 0) throw new Error("startProviderPlugin: empty command");
  const label = options.label ?? path.basename(options.command[options.command.length - 1]);
  const pkg = options.packageName;
  const project = options.project ?? "proj";
  const stack = options.stack ?? "dev";
  const defaultUrn = `urn:pulumi:${stack}::${project}::${options.resourceType ?? `${pkg}:index:Resource`}::${
    options.resourceName ?? "test"
  }`;
  const providerUrn = `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::default`;
  const providerId = crypto.randomUUID();
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const maxMessageBytes = options.maxMessageBytes ?? MAX_RPC_MESSAGE_BYTES;
  const stopGraceMs = options.stopGraceMs ?? 2000;

  const engine = await startFakeEngine(maxMessageBytes);

  const inherit = options.inheritEnv ?? ((name: string) => !name.startsWith("PULUMI_"));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (inherit(k)) env[k] = v;
  }
  // What the engine adds for every provider (provider_plugin.go NewProvider).
  env.PULUMI_PROJECT = project;
  if (options.stackConfig) env.PULUMI_CONFIG = JSON.stringify(options.stackConfig);
  Object.assign(env, typeof options.env === "function" ? options.env(engine.address) : (options.env ?? {}));

  const args = [...options.command.slice(1), ...engineArguments(options.engineFlags ?? {}, engine.address)];
  const child = spawn(options.command[0], args, {
    cwd: options.cwd ?? process.cwd(),
    env,
    // stdin: a pipe nothing is written to, as the engine's.
    stdio: ["pipe", "pipe", "pipe"],
  });
  trackChild(child);

  let stdoutRaw = "";
  let stderr = "";
  let exit: ExitStatus | null = null;
  let exitedAt = 0;
  let signalledAt: number | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedAt = performance.now();
      exit = { code, signal };
      liveChildren.delete(child);
      resolve();
    });
    // A failed spawn (ENOENT, EACCES) emits 'error' and no 'exit': there is no process to wait for.
    child.once("error", () => {
      if (child.pid === undefined) {
        liveChildren.delete(child);
        resolve();
      }
    });
  });
  // 'close' comes after 'exit' once stdout/stderr are drained: wait for it before reporting output.
  const closePromise = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const drained = () => Promise.race([closePromise, new Promise<void>((r) => setTimeout(r, 1000).unref())]);
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (stdoutRaw += d));
  child.stderr!.on("data", (d: string) => (stderr += d));
  // A plugin that dies makes writes to its stdin fail with EPIPE; nothing is written, but stay quiet anyway.
  child.stdin!.on("error", () => undefined);

  // eslint-disable-next-line prefer-const -- assigned once connected; stop() may run before that.
  let client: provrpc.ResourceProviderClient | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      client?.close();
      if (exit === null) {
        child.kill("SIGTERM");
        const killTimer = setTimeout(() => child.kill("SIGKILL"), stopGraceMs);
        await exitPromise;
        clearTimeout(killTimer);
      }
      await drained();
      await engine.close();
    })();
    return stopping;
  };

  const startError = async (message: string, firstLine?: string): Promise<never> => {
    await stop();
    const out = firstLine === undefined ? stdoutRaw : stdoutRaw.slice(stdoutRaw.indexOf("\n") + 1);
    throw new PluginStartError(
      `${message}\nexit: ${child.pid === undefined ? "never started" : describeExit(exit)}\nstdout:\n${stdoutRaw}\nstderr:\n${stderr}`,
      firstLine,
      out,
      stderr,
      exit,
      child.pid,
    );
  };

  // The port: the first stdout line and nothing else, as the engine reads it.
  type PortOutcome = { port: number } | { failure: string; firstLine?: string };
  const outcome = await new Promise<PortOutcome>((resolve) => {
    const timer = setTimeout(
      () => finish({ failure: `${label} did not print its port within ${options.startupTimeoutMs ?? 20_000} ms` }),
      options.startupTimeoutMs ?? 20_000,
    );
    const onData = () => {
      const nl = stdoutRaw.indexOf("\n");
      if (nl < 0) return;
      const line = stdoutRaw.slice(0, nl);
      const port = parsePortLine(line);
      finish(
        port !== undefined
          ? { port }
          : {
              failure:
                `${label} wrote an invalid port to stdout: first line ${JSON.stringify(line)}. ` +
                "The engine reads the port from the first stdout line only; nothing may be printed before it.",
              firstLine: line,
            },
      );
    };
    // The engine reads the pipe to its end: output written just before exiting still counts.
    const onExit = () =>
      void drained().then(() => {
        onData();
        finish({ failure: `${label} exited before printing its port (could not read plugin stdout)` });
      });
    const onError = (e: Error) => finish({ failure: `${label} could not be started: ${e.message}` });
    let done = false;
    const finish = (o: PortOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      resolve(o);
    };
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
    onData();
  });
  if ("failure" in outcome) return startError(outcome.failure, outcome.firstLine);
  const port = outcome.port;
  const portLineEnd = stdoutRaw.indexOf("\n") + 1;

  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.max_send_message_length": maxMessageBytes,
  });
  // The engine keeps dialling for up to 10 s; a plugin that dies meanwhile fails the load.
  const connectFailure = await new Promise<string | undefined>((resolve) => {
    client!.waitForReady(Date.now() + ENGINE_CONNECT_TIMEOUT_MS, (err) =>
      resolve(err ? `could not connect to ${label} on port ${port}: ${err.message}` : undefined),
    );
    void exitPromise.then(() => resolve(`${label} exited after printing port ${port}`));
  });
  if (connectFailure !== undefined) return startError(connectFailure, stdoutRaw.slice(0, portLineEnd - 1));

  function call<M extends UnaryMethod>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    if (stopping) {
      return Promise.reject(new Error(`plugin stopped; cannot call ${method}`));
    }
    const fn = client![method] as unknown as FullUnarySignature<RequestOf<M>, ResponseOf<M>>;
    return new Promise<ResponseOf<M>>((resolve, reject) => {
      const deadline = new Date(Date.now() + callTimeoutMs);
      fn.call(client, request, new grpc.Metadata(), { deadline }, (err, res) =>
        // Settle in the check phase, after this poll phase: output the plugin wrote to its (synchronous)
        // stdout/stderr pipes before answering was ready when the answer was, so it has been read by
        // then and tests can assert on `stdout`/`stderr` right after a call.
        setImmediate(() => {
          if (err) {
            const suffix = exit ? ` (plugin exited with ${describeExit(exit)}; stderr:\n${stderr})` : "";
            reject(rpcError(method, err, suffix));
          } else {
            resolve(res);
          }
        }),
      );
    });
  }

  const named = <T extends { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown }>(
    req: T,
    urn: string,
  ): T => {
    const { type, name } = parseUrn(urn);
    req.setUrn(urn);
    req.setName(name);
    req.setType(type);
    return req;
  };

  const plugin: ProviderPlugin = {
    pid: child.pid!,
    port,
    engineAddress: engine.address,
    args,
    urn: defaultUrn,
    providerUrn,
    providerId,
    get stdout() {
      return stdoutRaw.slice(portLineEnd);
    },
    get stderr() {
      return stderr;
    },
    get engineLogs() {
      return engine.logs;
    },
    get exit() {
      return exit;
    },
    call,
    stop,

    signal(sig) {
      signalledAt = performance.now();
      child.kill(sig);
    },

    async waitForExit(timeoutMs) {
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
      const outcome = await Promise.race([exitPromise, timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        throw new Error(`${label} did not exit within ${timeoutMs} ms; stderr:\n${stderr}`);
      }
      await drained();
      const since = signalledAt !== undefined && signalledAt <= exitedAt ? signalledAt : start;
      return { ...exit!, ms: Math.max(0, exitedAt - since) };
    },

    async getPluginInfo() {
      return { version: (await call("getPluginInfo", new emptyproto.Empty())).getVersion() };
    },

    async getSchema(request = {}) {
      const req = new provproto.GetSchemaRequest();
      req.setVersion(request.version ?? 0);
      if (request.subpackageName !== undefined) req.setSubpackageName(request.subpackageName);
      if (request.subpackageVersion !== undefined) req.setSubpackageVersion(request.subpackageVersion);
      return (await call("getSchema", req)).getSchema();
    },

    async checkConfig(olds, news, opts = {}) {
      const req = named(new provproto.CheckRequest(), opts.urn ?? providerUrn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const res = await call("checkConfig", req);
      return { inputs: fromStruct(res.getInputs()), failures: failures(res.getFailuresList()) };
    },

    async diffConfig(olds, news, oldInputs, opts = {}) {
      const req = named(new provproto.DiffRequest(), opts.urn ?? providerUrn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      req.setOldInputs(toStruct(oldInputs ?? olds));
      req.setIgnorechangesList(opts.ignoreChanges ?? []);
      return diffResult(await call("diffConfig", req));
    },

    async configure(opts) {
      const req = named(new provproto.ConfigureRequest(), opts.urn ?? providerUrn);
      req.setId(opts.id ?? providerId);
      if (opts.args) {
        const secretKeys = opts.secretKeys ?? [];
        const args: Props = {};
        for (const [k, v] of Object.entries(opts.args)) {
          if (v === undefined) continue;
          args[k] = secretKeys.includes(k) && !isSecret(v) ? secret(v) : v;
        }
        req.setArgs(toStruct(args));
      }
      if (opts.variables) {
        const vars = req.getVariablesMap();
        for (const [k, raw] of Object.entries(opts.variables)) {
          const v = unwrapSecrets(raw);
          // The engine skips `version` here (it is not configuration) and JSON-encodes non-strings.
          if (v === undefined || k === "version") continue;
          vars.set(`${pkg}:config:${k}`, typeof v === "string" ? v : JSON.stringify(v));
        }
      }
      req.setAcceptsecrets(opts.acceptSecrets ?? true);
      req.setAcceptresources(opts.acceptResources ?? true);
      req.setSendsOldInputs(opts.sendsOldInputs ?? true);
      req.setSendsOldInputsToDelete(opts.sendsOldInputsToDelete ?? true);
      const res = await call("configure", req);
      return {
        acceptSecrets: res.getAcceptsecrets(),
        supportsPreview: res.getSupportspreview(),
        acceptResources: res.getAcceptresources(),
        acceptOutputs: res.getAcceptoutputs(),
        supportsAutonamingConfiguration: res.getSupportsAutonamingConfiguration(),
      };
    },

    async invoke(token, args, opts = {}) {
      const req = new provproto.InvokeRequest();
      req.setTok(token);
      req.setArgs(toStruct(args));
      req.setPreview(opts.preview ?? false);
      const res = await call("invoke", req);
      return { return: fromStruct(res.getReturn()), failures: failures(res.getFailuresList()) };
    },

    async check(olds, news, opts = {}) {
      const req = named(new provproto.CheckRequest(), opts.urn ?? defaultUrn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      req.setRandomseed(opts.randomSeed ?? new Uint8Array(crypto.randomBytes(32)));
      const res = await call("check", req);
      return { inputs: fromStruct(res.getInputs()), failures: failures(res.getFailuresList()) };
    },

    async diff(id, olds, news, oldInputs, opts = {}) {
      const req = named(new provproto.DiffRequest(), opts.urn ?? defaultUrn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      req.setOldInputs(toStruct(oldInputs ?? olds));
      req.setIgnorechangesList(opts.ignoreChanges ?? []);
      return diffResult(await call("diff", req));
    },

    async create(props, opts = {}) {
      const req = named(new provproto.CreateRequest(), opts.urn ?? defaultUrn);
      req.setProperties(toStruct(props));
      req.setPreview(opts.preview ?? false);
      req.setTimeout(opts.timeout ?? 0);
      const res = await call("create", req);
      return {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
        refreshBeforeUpdate: res.getRefreshBeforeUpdate(),
      };
    },

    async read(id, props, inputs, opts = {}) {
      const req = named(new provproto.ReadRequest(), opts.urn ?? defaultUrn);
      req.setId(id);
      req.setProperties(toStruct(props));
      if (inputs) req.setInputs(toStruct(inputs));
      req.setTimeout(opts.timeout ?? 0);
      const res = await call("read", req);
      return {
        id: res.getId(),
        properties: res.hasProperties() ? fromStruct(res.getProperties()) : undefined,
        inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined,
        refreshBeforeUpdate: res.getRefreshBeforeUpdate(),
      };
    },

    async update(id, olds, news, oldInputs, opts = {}) {
      const req = named(new provproto.UpdateRequest(), opts.urn ?? defaultUrn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      req.setOldInputs(toStruct(oldInputs ?? olds));
      req.setPreview(opts.preview ?? false);
      req.setTimeout(opts.timeout ?? 0);
      req.setIgnorechangesList(opts.ignoreChanges ?? []);
      const res = await call("update", req);
      return { properties: fromStruct(res.getProperties()) };
    },

    async delete(id, props, oldInputs, opts = {}) {
      const req = named(new provproto.DeleteRequest(), opts.urn ?? defaultUrn);
      req.setId(id);
      req.setProperties(toStruct(props));
      req.setOldInputs(toStruct(oldInputs ?? props));
      req.setTimeout(opts.timeout ?? 0);
      await call("delete", req);
    },

    async cancel() {
      await call("cancel", new emptyproto.Empty());
    },
  };
  return plugin;
}
