/**
 * The Node dynamic provider's side of the engine: what the serialized
 * `PhoneNumber` provider (sdk/nodejs/phoneNumberShim.ts) calls inside the
 * dynamic-provider plugin process, through `@chatmaid/pulumi/provider`.
 */
import { checkEdge } from "../../core/model/inputCheck";
import { SETTINGS } from "../../core/model/settings";
import { PhoneNumberOperations, type ProviderConfig } from "../../core/phoneNumbers/phoneNumberOperations";
import { pulumiLogSink } from "./pulumiLog";

/** Reads the provider's settings from the config the engine passes to `configure`. */
export function readProviderConfig(config: { get(key: string): string | undefined }): ProviderConfig {
  checkEdge("readProviderConfig", "config", (s) => s.configReaderSchema, config);
  const out: ProviderConfig = {};
  for (const { config: key } of Object.values(SETTINGS)) {
    const value = config.get(key);
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/**
 * The operations the Node dynamic provider's serialized shim runs in the
 * plugin process: stack config from `configure`, lines through `pulumi.log`.
 */
export function dynamicProviderOperations(config: ProviderConfig): PhoneNumberOperations {
  return new PhoneNumberOperations(config, { log: pulumiLogSink() });
}
