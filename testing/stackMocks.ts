import * as pulumi from "@pulumi/pulumi";
import { runDynamicProvider } from "./dynamicProvider";
import { projectNameIn } from "./projectName";
import { noteRefusal } from "./refusals";
import { resetChatmaidState } from "./resetChatmaidState";
import { simulate } from "./simulate";

/**
 * `@chatmaid/pulumi/testing`: Pulumi mocks for stack tests and demos in which
 * the Chatmaid parts are real. `PhoneNumber` resources run their actual
 * dynamic provider (deserialized from `__provider` the way the plugin does
 * it, configured from stack config, then Check and Create), functions call
 * the Chatmaid API you point them at (the emulator), and every other resource
 * is simulated. A `PhoneNumber` its provider refuses fails the program the
 * way `pulumi up` fails.
 */

export { resetChatmaidState } from "./resetChatmaidState";
export { FALLBACK_PROJECT } from "./projectName";

/** Options of {@link setStackMocks}. */
export interface StackMocksOptions {
  /** Stack config by full key, e.g. `{ "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": url }`. */
  readonly config: Record<string, string>;
  /** Config keys that are secrets. Default `["chatmaid:apiKey"]`. */
  readonly secretKeys?: string[];
  /**
   * Project name, the namespace of `new pulumi.Config()` keys. Default: the
   * `name:` of `Pulumi.yaml` (or `Pulumi.yml`) in the working directory, else
   * `chatmaid-example` ({@link FALLBACK_PROJECT}).
   */
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
  /** Outputs, without the serialized provider or secret markers (the inputs when creation failed). */
  readonly state: Record<string, unknown>;
  /** Why the provider refused it (check failures or a create error), when it did. */
  readonly error?: string;
}

/** What {@link setStackMocks} records while the program runs. */
export interface StackMocks {
  /** Every registered resource, in registration order; refused ones too, with `error` set. */
  readonly resources: MockedResource[];
  /**
   * Rejects with the first refusal (an `Error` whose message is the
   * provider's reason) and never resolves. Race it against anything that
   * depends on a refused resource: such Outputs never settle. Unawaited, it
   * is harmless.
   */
  readonly refused: Promise<never>;
}

/** Bookkeeping of one {@link setStackMocks} call, for {@link stackOutputs}. */
interface Run {
  readonly mocks: StackMocks;
  /** Registrations whose mock has not answered yet. */
  readonly pending: Set<Promise<unknown>>;
}

const runs = new WeakMap<StackMocks, Run>();
let current: Run | undefined;

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

/**
 * Installs the mocks and stack config, process-global like
 * `pulumi.runtime.setMocks`, and starts from fresh package state (see
 * {@link resetChatmaidState}), so each test reads the emulator's current data.
 * Call it before requiring the program.
 */
export function setStackMocks(options: StackMocksOptions): StackMocks {
  resetChatmaidState();
  let refuse!: (reason: Error) => void;
  const refused = new Promise<never>((_, reject) => (refuse = reject));
  refused.catch(() => undefined);
  const mocks: StackMocks = { resources: [], refused };
  const run: Run = { mocks, pending: new Set() };
  runs.set(mocks, run);
  current = run;
  const config = { ...options.config };

  const register = async (args: pulumi.runtime.MockResourceArgs) => {
    if (!args.type.startsWith(DYNAMIC_PREFIX)) {
      const result = options.simulate?.(args) ?? simulate(args);
      mocks.resources.push({ type: args.type, name: args.name, id: result.id, state: result.state });
      return result;
    }
    const result = await runDynamicProvider(args, config);
    if ("error" in result) {
      mocks.resources.push({ type: args.type, name: args.name, state: result.state, error: result.error });
      // Our own Error, so the text stays clean: the SDK rewrites the message of the one it rejects outputs with.
      const reason = new Error(result.error);
      refuse(reason);
      noteRefusal(result.error);
      // As `pulumi up` reports it. It also marks the run as failed, which
      // stops the SDK's exit-time report (and exit code 1) about the Outputs
      // of dependents, which never settle.
      void pulumi.log.error(`${args.name} [${args.type}]: ${result.error}`);
      throw reason;
    }
    mocks.resources.push({ type: args.type, name: args.name, id: result.id, state: result.state });
    return { id: result.id, state: result.stateForEngine };
  };

  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const registration = register(args);
        run.pending.add(registration);
        const forget = () => void run.pending.delete(registration);
        registration.then(forget, forget);
        return registration;
      },
      call: (args) => args.inputs,
    },
    options.project ?? projectNameIn(process.cwd()),
    options.stack ?? "dev",
    false,
  );
  pulumi.runtime.setAllConfig(config, options.secretKeys ?? ["chatmaid:apiKey"]);
  return mocks;
}

/**
 * Resolves a program's exports the way `pulumi stack output` shows them:
 * Outputs (also inside arrays and objects) to their values, secrets in the
 * clear, unknown values as `undefined`. Then waits for every registration in
 * flight. Rejects like `pulumi up` fails: with the provider's reason when a
 * resource was refused (see {@link StackMocks.refused}), else with the first
 * failed Output's error.
 *
 * @param program The program's exports, e.g. `require("./index")`.
 * @param mocks The mocks the program runs under. Default: those of the last {@link setStackMocks} call.
 */
export async function stackOutputs(
  program: Record<string, unknown>,
  mocks?: StackMocks,
): Promise<Record<string, unknown>> {
  const run = mocks ? runs.get(mocks) : current;
  const resolved = (async () => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(program)) {
      // Output.promise() is the SDK's own way to await an Output; it is not in the typings.
      const output = pulumi.output(value as pulumi.Input<unknown>) as unknown as { promise(): Promise<unknown> };
      out[name] = await output.promise();
    }
    // A refusal fails the run even when no export depends on the resource.
    while (run && run.pending.size > 0) await Promise.allSettled([...run.pending]);
    return out;
  })();
  // The refusal first: it is already rejected when it happened before, and exports that depend on it never settle.
  return run ? Promise.race([run.mocks.refused, resolved]) : resolved;
}
