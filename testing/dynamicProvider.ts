import Module from "node:module";
import type * as pulumi from "@pulumi/pulumi";
import { annotateSecrets, unwrapSecrets } from "./secrets";

/** What running a dynamic resource's provider produced: its outputs, or why it refused. */
export type DynamicResult =
  | {
      readonly id: string;
      /** Outputs as the provider returned them (no secret markers). */
      readonly state: Record<string, unknown>;
      /** Outputs as the engine stores them: secret where the same-named input held a secret. */
      readonly stateForEngine: Record<string, unknown>;
    }
  | {
      /** The inputs, without secret markers. */
      readonly state: Record<string, unknown>;
      /** Check failures (`property: reason` lines) or the error thrown. */
      readonly error: string;
    };

/**
 * Runs a dynamic resource's provider the way the engine and the plugin do:
 * deserialize `__provider`, `configure` with the stack config, then `check`
 * and `create` with the inputs stripped of secrets.
 */
export async function runDynamicProvider(
  args: pulumi.runtime.MockResourceArgs,
  config: Readonly<Record<string, string>>,
): Promise<DynamicResult> {
  const { __provider: serialized, ...inputs } = args.inputs as Record<string, unknown>;
  const plainInputs = unwrapSecrets(inputs) as Record<string, unknown>;
  try {
    const provider = loadSerializedProvider(String(unwrapSecrets(serialized)));
    await provider.configure?.({
      config: { get: (key: string) => config[key], require: (key: string) => config[key] },
    } as unknown as pulumi.dynamic.ConfigureRequest);
    const checked = provider.check ? await provider.check({}, plainInputs) : { inputs: plainInputs };
    if (checked.failures?.length) {
      const error = checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
      return { state: plainInputs, error };
    }
    const created = await provider.create(checked.inputs ?? plainInputs);
    const outs = (created.outs ?? {}) as Record<string, unknown>;
    return { id: created.id, state: outs, stateForEngine: annotateSecrets(outs, inputs) };
  } catch (error) {
    return { state: plainInputs, error: (error as Error).message };
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
