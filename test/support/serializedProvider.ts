/**
 * Test support: obtain the serialized `__provider` string of a
 * `pulumi.dynamic.Resource` exactly the way a real Pulumi program produces it.
 *
 * `pulumi.dynamic.Resource`'s constructor calls `serializeProvider(provider)`,
 * which runs the SDK's closure serializer (`runtime/closure/serializeClosure`)
 * over `() => provider` and stores the resulting JavaScript module text as an
 * `Output<string>` in the `__provider` input. When the program runs under
 * `pulumi.runtime.setMocks`, that input is awaited and serialized like any
 * other input and handed to the mock `newResource`, so capturing the mock's
 * `inputs` gives us the very string the engine would later pass to the
 * dynamic-provider plugin (see `dynamicProviderPlugin.ts`).
 *
 * IMPORTANT — process-global state: `pulumi.runtime.setMocks` configures the
 * SDK's runtime *store*, which is global to the process (all test files that
 * mocha loads share it). {@link captureDynamicResourceInputs} therefore:
 *   - installs its own mocks for the duration of the call,
 *   - serializes concurrent calls (a module-level queue), and
 *   - snapshots the runtime store before and restores it afterwards, so a test
 *     file that installed its own `setMocks` (e.g. at module load time) keeps
 *     working after calling this helper, and repeated calls work.
 * Do not construct resources for *other* mocks concurrently with a capture
 * (e.g. from an un-awaited promise), they would be recorded by this helper's
 * mocks instead.
 */
import * as pulumi from "@pulumi/pulumi";

/** Signature key/value the SDK and engine use to mark secret values on the wire. */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SPECIAL_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The reserved input holding the serialized provider closure. */
export const PROVIDER_KEY = "__provider";

export interface CapturedResource {
  /** Resource type token, e.g. `pulumi-nodejs:dynamic:Resource` (or `pulumi-nodejs:dynamic/<module>:<type>`). */
  type: string;
  /** Logical resource name. */
  name: string;
  /**
   * Inputs as the mock monitor received them (SDK `deserializeProperties`):
   * secret values are still wrapped as `{ [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value }`.
   * `inputs.__provider` is the serialized closure (a string, or a secret
   * wrapper when the closure captured a secret Output).
   */
  inputs: Record<string, any>;
  /**
   * Inputs with every secret wrapper removed, i.e. what the engine sends to
   * the dynamic-provider plugin (it answers Configure with
   * `acceptSecrets: false`, so the engine strips secrets before Check/Create/...).
   */
  plainInputs: Record<string, any>;
  /** The serialized `__provider` string (secret-unwrapped), or `undefined` for non-dynamic resources. */
  serializedProvider: string | undefined;
  /** Whether the resource is a custom resource (dynamic resources are). */
  custom: boolean;
  /**
   * URN the engine would assign: `urn:pulumi:<stack>::<project>::<type>::<name>`.
   * Parent types are NOT folded in (MockResourceArgs does not expose the parent).
   */
  urn: string;
}

export interface CaptureOptions {
  /** Project name given to setMocks (default "proj"). */
  project?: string;
  /** Stack name given to setMocks (default "dev"). */
  stack?: string;
  /** Run as a preview (`pulumi.runtime.isDryRun()`); default false. */
  preview?: boolean;
  /** Organization given to setMocks. */
  organization?: string;
  /**
   * Computes the mock outputs for a registered resource; default
   * `{ id: "<name>-id", state: inputs }`.
   */
  newResource?: (args: pulumi.runtime.MockResourceArgs) => { id: string | undefined; state: Record<string, any> };
  /** Upper bound for waiting on registrations, default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * What `construct` may return. Returning the resources it created is
 * optional but recommended: the helper then checks that each one actually got
 * registered. Registration failures (an input promise rejecting, a closure
 * serialization error, ...) never reject a resource's URN under mocks; the SDK
 * rethrows them as unhandled rejections. The helper listens for
 * `unhandledRejection` while it runs and rejects with those messages (under
 * mocha, mocha's own handler will additionally report them).
 */
export type Constructed = void | pulumi.Resource | pulumi.Resource[] | undefined;

/** Recursively removes secret wrappers, the way the engine does for a provider that does not accept secrets. */
export function unwrapSecrets(value: unknown): any {
  if (Array.isArray(value)) {
    return value.map(unwrapSecrets);
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SPECIAL_SIG_KEY] === SPECIAL_SECRET_SIG) {
      return unwrapSecrets(obj.value);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      out[k] = unwrapSecrets(v);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------
// Internals of @pulumi/pulumi used here (present in 3.248.0; typed loosely on purpose).
// - runtime/state.getStore(): the process-global runtime store that setMocks mutates.
// - runtime/settings.waitForRPCs(): waits until the rpcKeepAlive chain (held by every
//   in-flight registerResource/readResource/registerResourceOutputs) drains; unlike
//   pulumi.runtime.disconnect() it does not tear anything down.
// ---------------------------------------------------------------------------

const pulumiState: { getStore(): any } = require("@pulumi/pulumi/runtime/state");

const pulumiSettings: { waitForRPCs?: () => Promise<void> } = require("@pulumi/pulumi/runtime/settings");

let queue: Promise<unknown> = Promise.resolve();

/**
 * Snapshots the process-global Pulumi runtime store (mocks/monitor, project,
 * stack, feature flags, ...) and returns a function restoring it. Use it around
 * tests that call `pulumi.runtime.setMocks` themselves so they do not leak
 * their mocks into other test files.
 */
export function snapshotPulumiRuntime(): () => void {
  return snapshotStore();
}

function snapshotStore(): () => void {
  const store = pulumiState.getStore();
  const savedStore: Record<string, unknown> = { ...store };
  const savedSettings: Record<string, unknown> = { ...store.settings, options: { ...store.settings.options } };
  return () => {
    for (const [k, v] of Object.entries(savedStore)) {
      if (k !== "settings") {
        store[k] = v;
      }
    }
    Object.assign(store.settings, savedSettings);
  };
}

async function settle(captured: unknown[], deadline: number): Promise<void> {
  const store = pulumiState.getStore();
  // Loop until neither the keep-alive chain nor the set of captured resources changes
  // across a macrotask boundary (resources created from apply callbacks etc.).
  for (;;) {
    if (Date.now() > deadline) {
      throw new Error("captureDynamicResourceInputs: timed out waiting for resource registrations");
    }
    const before = store.settings.rpcDone;
    const count = captured.length;
    if (pulumiSettings.waitForRPCs) {
      await pulumiSettings.waitForRPCs();
    } else {
      await before;
    }
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
    if (store.settings.rpcDone === before && captured.length === count) {
      return;
    }
  }
}

/**
 * Runs `construct` under `pulumi.runtime.setMocks` and returns every resource
 * registration the mock monitor received (in registration order), including
 * the serialized `__provider` of dynamic resources.
 *
 * Mocks are process-global; see the module comment. Calls are queued so
 * concurrent use is safe, and the previous runtime state (including mocks
 * another test installed) is restored afterwards.
 */
export function captureDynamicResourceInputs(
  construct: () => Constructed | Promise<Constructed>,
  opts: CaptureOptions = {},
): Promise<CapturedResource[]> {
  const run = queue.then(() => captureNow(construct, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function captureNow(
  construct: () => Constructed | Promise<Constructed>,
  opts: CaptureOptions,
): Promise<CapturedResource[]> {
  const project = opts.project ?? "proj";
  const stack = opts.stack ?? "dev";
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const captured: CapturedResource[] = [];
  const restore = snapshotStore();
  // Registration failures (e.g. an input promise rejecting, or closure serialization
  // failing) never reject the resource's URN with mocks: the SDK rethrows them as an
  // unhandled rejection. Record those raised during the capture and report them.
  const rejections: unknown[] = [];
  const onUnhandled = (reason: unknown) => {
    rejections.push(reason);
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    await pulumi.runtime.setMocks(
      {
        newResource(args: pulumi.runtime.MockResourceArgs) {
          const inputs = args.inputs as Record<string, any>;
          const plainInputs = unwrapSecrets(inputs) as Record<string, any>;
          const sp = plainInputs[PROVIDER_KEY];
          captured.push({
            type: args.type,
            name: args.name,
            inputs,
            plainInputs,
            serializedProvider: typeof sp === "string" ? sp : undefined,
            custom: args.custom ?? true,
            urn: `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`,
          });
          if (opts.newResource) {
            return opts.newResource(args);
          }
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call(_args: pulumi.runtime.MockCallArgs) {
          return {};
        },
      },
      project,
      stack,
      opts.preview ?? false,
      opts.organization,
    );
    const result = await construct();
    const resources = result === undefined ? [] : Array.isArray(result) ? result : [result];
    await settle(captured, deadline);
    const unregistered: string[] = [];
    await Promise.all(
      resources.map(async (r) => {
        const notResolved = Symbol("not-resolved");
        const urn = await Promise.race([
          (r.urn as any).promise() as Promise<string>,
          new Promise<symbol>((res) => setTimeout(() => res(notResolved), 200)),
        ]);
        if (urn === notResolved) {
          unregistered.push((r as any).__name ?? "<unknown>");
        }
      }),
    );
    if (rejections.length > 0 || unregistered.length > 0) {
      const reasons = [...new Set(rejections.map((e) => (e instanceof Error ? e.message : String(e))))];
      throw new Error(
        "captureDynamicResourceInputs: resource registration failed" +
          (unregistered.length ? ` (not registered: ${unregistered.join(", ")})` : "") +
          (reasons.length ? `: ${reasons.join("; ")}` : ""),
      );
    }
    return captured;
  } finally {
    process.off("unhandledRejection", onUnhandled);
    restore();
  }
}

/** `pulumi.dynamic.Resource` is abstract in the typings; a minimal concrete subclass. */
class SerializeOnlyResource extends pulumi.dynamic.Resource {
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, props: Record<string, unknown>) {
    super(provider, name, props);
  }
}

/**
 * Convenience: serializes `provider` by constructing one
 * `pulumi.dynamic.Resource` with it under mocks and returns the `__provider`
 * string (secret-unwrapped). `props` are the resource inputs (default `{}`).
 */
export async function serializeDynamicProvider(
  provider: pulumi.dynamic.ResourceProvider,
  props: Record<string, unknown> = {},
  opts: CaptureOptions = {},
): Promise<string> {
  const captured = await captureDynamicResourceInputs(
    () => new SerializeOnlyResource(provider, "serialize-provider", { ...props }),
    opts,
  );
  const found = captured.find((c) => c.serializedProvider !== undefined);
  if (!found || found.serializedProvider === undefined) {
    throw new Error("serializeDynamicProvider: no __provider input was captured");
  }
  return found.serializedProvider;
}

/** Returns a copy of `props` without the `__provider` key (handy for deepEqual assertions). */
export function withoutProvider<T extends Record<string, unknown>>(props: T): Omit<T, typeof PROVIDER_KEY> {
  const { [PROVIDER_KEY]: _ignored, ...rest } = props;
  return rest as Omit<T, typeof PROVIDER_KEY>;
}
