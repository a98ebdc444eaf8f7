/**
 * The provider's configuration: what CheckConfig, DiffConfig and Configure
 * receive (an explicit provider's inputs, or the stack config of the default
 * provider), read with the package's one settings resolution.
 */
import type { ProviderConfig } from "../../core/phoneNumbers/phoneNumberOperations";
import { isUnknown } from "../../core/phoneNumbers/unknownValues";
import { SETTINGS, settingFailures, type SettingName, type SettingsSources } from "../../core/model/settings";
import { unwrapSecrets, type WireValue } from "./structs";

/** How the provider's settings are named in messages. */
const CONFIG_NAME = "provider config";

/** Config keys by setting, e.g. `maxRetries` -> `chatmaid:maxRetries`. */
const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * The settings among provider inputs or `Configure` args (bare names such as
 * `apiKey`; secrets unwrapped; numbers from typed SDKs or strings from stack
 * config alike), keyed as stack config is (`chatmaid:apiKey`). The engine's
 * `version` and anything unknown are left out.
 */
export function configFromInputs(inputs: Readonly<Record<string, WireValue>>): ProviderConfig {
  const config: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const value = unwrapSecrets(inputs[name] ?? null);
    if (typeof value === "string" && !isUnknown(value)) config[SETTINGS[name].config] = value;
    else if (typeof value === "number" || typeof value === "boolean") config[SETTINGS[name].config] = String(value);
  }
  return config;
}

/** The settings in `Configure`'s older `variables` map, keyed `chatmaid:config:apiKey`. */
export function configFromVariables(
  variables: ReadonlyMap<string, string> | Iterable<[string, string]>,
): ProviderConfig {
  const config: Record<string, string> = {};
  for (const [key, value] of variables) {
    const name = /^chatmaid:config:(.+)$/.exec(key)?.[1] as SettingName | undefined;
    if (name && name in SETTINGS) config[SETTINGS[name].config] = value;
  }
  return config;
}

/** Where the plugin's settings come from: its config, then its own `CHATMAID_*` environment. */
export function configSources(config: ProviderConfig): SettingsSources {
  return { config: (key) => config[key], configName: CONFIG_NAME };
}

/** CheckConfig: a failure per refused setting, by its input name; unknown values are not checked. */
export function checkConfig(inputs: Readonly<Record<string, WireValue>>): { property: string; reason: string }[] {
  const unknown = new Set(SETTING_NAMES.filter((name) => isUnknown(unwrapSecrets(inputs[name] ?? null))));
  return settingFailures(configSources(configFromInputs(inputs)), unknown);
}

/** DiffConfig: the settings that changed (or are not known yet). A new account never replaces resources. */
export function changedSettings(
  olds: Readonly<Record<string, WireValue>>,
  news: Readonly<Record<string, WireValue>>,
): SettingName[] {
  const before = configFromInputs(olds);
  const after = configFromInputs(news);
  return SETTING_NAMES.filter((name) => {
    const key = SETTINGS[name].config;
    return isUnknown(unwrapSecrets(news[name] ?? null)) || before[key] !== after[key];
  });
}
