import { createHash } from "node:crypto";
import Module from "node:module";
import * as pulumi from "@pulumi/pulumi";

/**
 * Pulumi mocks for stack tests and demos in which the Chatmaid parts are
 * real: `PhoneNumber` resources run their actual dynamic provider (deserialized
 * from `__provider` the way the plugin does it, configured from stack config,
 * then Check and Create), functions call the emulator, and every other
 * resource is simulated. Point `chatmaid:baseUrl` at an emulator.
 */

/** Options of {@link setStackMocks}. */
export interface StackMocksOptions {
  /** Stack config by full key, e.g. `{ "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": url }`. */
  readonly config: Record<string, string>;
  /** Config keys that are secrets. Default `["chatmaid:apiKey"]`. */
  readonly secretKeys?: string[];
  /** Project name. Default `chatmaid-example`. */
  readonly project?: string;
  /** Stack name. Default `dev`. */
  readonly stack?: string;
  /** Simulates a non-Chatmaid resource; return `undefined` for the default (inputs as outputs). */
  readonly simulate?: (
    args: pulumi.runtime.MockResourceArgs,
  ) => { id: string; state: Record<string, unknown> } | undefined;
}

/** A resource the mocks registered. */
export interface MockedResource {
  /** Type token, e.g. `pulumi-nodejs:dynamic/chatmaid:PhoneNumber`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Resource ID, or `undefined` when creation failed. */
  readonly id?: string;
  /** Outputs, without the serialized provider. */
  readonly state: Record<string, unknown>;
  /** Why the provider refused it (check failures or a create error), when it did. */
  readonly error?: string;
}

/** What {@link setStackMocks} records while the program runs. */
export interface StackMocks {
  /** Every registered resource, in registration order. */
  readonly resources: MockedResource[];
}

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

/** Installs the mocks and stack config. Process-global, like `pulumi.runtime.setMocks`. */
export function setStackMocks(options: StackMocksOptions): StackMocks {
  const recorded: StackMocks = { resources: [] };
  const config = options.config;
  void pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const result = args.type.startsWith(DYNAMIC_PREFIX)
          ? await runDynamicProvider(args, config)
          : { ...(options.simulate?.(args) ?? simulate(args)) };
        recorded.resources.push({ type: args.type, name: args.name, ...result });
        return { id: result.id, state: result.state };
      },
      call: (args) => args.inputs,
    },
    options.project ?? "chatmaid-example",
    options.stack ?? "dev",
    false,
  );
  pulumi.runtime.setAllConfig(config, options.secretKeys ?? ["chatmaid:apiKey"]);
  return recorded;
}

async function runDynamicProvider(
  args: pulumi.runtime.MockResourceArgs,
  config: Record<string, string>,
): Promise<{ id?: string; state: Record<string, unknown>; error?: string }> {
  const { __provider: serialized, ...inputs } = args.inputs as Record<string, unknown>;
  const provider = loadSerializedProvider(String(serialized));
  try {
    await provider.configure?.({
      config: { get: (key: string) => config[key], require: (key: string) => config[key] },
    } as never);
    const checked = provider.check ? await provider.check({}, inputs) : { inputs };
    if (checked.failures?.length) {
      return { state: inputs, error: checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n") };
    }
    const created = await provider.create(checked.inputs ?? inputs);
    return { id: created.id, state: created.outs ?? {} };
  } catch (error) {
    return { state: inputs, error: (error as Error).message };
  }
}

/** Evaluates a serialized provider as the dynamic-provider plugin does: module paths from the working directory. */
function loadSerializedProvider(text: string): pulumi.dynamic.ResourceProvider {
  const internals = Module as unknown as { _nodeModulePaths(from: string): string[] };
  const m = new Module("", undefined) as Module & { _compile(code: string, filename: string): void };
  m.filename = "";
  m.paths = internals._nodeModulePaths(process.cwd());
  m._compile(text, "");
  return (m.exports as { handler(): pulumi.dynamic.ResourceProvider }).handler();
}

// Plausible outputs for the random resources examples use, stable per name and keepers.
function simulate(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
  const digest = createHash("sha256")
    .update(`${args.name}\n${JSON.stringify(args.inputs)}`)
    .digest();
  if (args.type === "random:index/randomId:RandomId") {
    const bytes = digest.subarray(0, Number(args.inputs.byteLength ?? 8));
    return {
      id: bytes.toString("base64url"),
      state: { ...args.inputs, hex: bytes.toString("hex"), b64Url: bytes.toString("base64url") },
    };
  }
  return { id: `${args.name}-id`, state: args.inputs };
}

/**
 * Resolves a program's exports the way `pulumi stack output` shows them:
 * Outputs (also inside arrays and objects) to their values, unknown values as
 * `undefined`. Rejects with the first failed Output's error.
 */
export async function stackOutputs(program: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) {
    // Output.promise() is the SDK's own way to await an Output; it is not in the typings.
    const output = pulumi.output(value as pulumi.Input<unknown>) as unknown as { promise(): Promise<unknown> };
    out[name] = await output.promise();
  }
  return out;
}
