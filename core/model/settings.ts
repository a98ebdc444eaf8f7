import { environmentOfKey, type ChatmaidEnvironment } from "./apiKey";
import { DEFAULT_BASE_URL, normalizeBaseUrl } from "./baseUrl";
import { AuthenticationError, ChatmaidError, InvalidInputError, type ValueOrigin } from "./errors";
import { checkEdge } from "./inputCheck";
import { NUMBER_RULES, type NumberRule } from "./settingRules";
import { quoteInput, rememberSecret } from "./redact";
import { parseSharedStore, SHARED_STORE_PASSWORD_ENV, type SharedStoreSetting } from "./sharedStoreSetting";

export { NUMBER_RULES } from "./settingRules";

/** How a setting is declared: where it is read from, its type, and what it means. */
export interface SettingDefinition {
  /** Its stack config key. */
  readonly config: string;
  /** Its environment variable (of the program, the provider plugin or the CLI). */
  readonly env: string;
  /** Its type in `schema.json`'s config and provider inputs. */
  readonly type: "string" | "number" | "integer";
  /** Whether the value is a secret (a key, or a URL that may hold a password). */
  readonly secret?: true;
  /** What an unset value means, when no default applies: shown in the README and the schema. */
  readonly unset?: string;
  /** What it means, in one paragraph: the README's table and `schema.json` show it. */
  readonly doc: string;
}

/**
 * Every setting, defined once: its stack config key, its environment
 * variable, its type and its documentation; with the ranges in
 * settingRules.ts and the defaults below. `schema.json`'s config variables
 * and provider inputs, and the README's configuration table, are generated
 * from it (`npm run schema`). Precedence after an explicit argument: stack
 * config, then the environment.
 */
export const SETTINGS = {
  apiKey: {
    config: "chatmaid:apiKey",
    env: "CHATMAID_API_KEY",
    type: "string",
    secret: true,
    unset: "none (required)",
    doc:
      "Secret key. `sk_test_...` is the test environment, `sk_live_...` live. Set it with " +
      "`pulumi config set --secret chatmaid:apiKey sk_live_...`. A key with neither prefix is refused before any " +
      "request. The key is never written to an input, an output, state or a message.",
  },
  baseUrl: {
    config: "chatmaid:baseUrl",
    env: "CHATMAID_BASE_URL",
    type: "string",
    doc:
      "API host, with or without a trailing `/v1` or `/`. Point it at the emulator (`chatmaid-emulator`) in tests. " +
      "Plain `http://` is refused except for loopback hosts (`127.0.0.1`, `localhost`, `[::1]`: the emulator), since " +
      "it would send the key unencrypted; credentials, a query or a fragment in the URL are refused too.",
  },
  environment: {
    config: "chatmaid:environment",
    env: "CHATMAID_ENVIRONMENT",
    type: "string",
    unset: "not checked",
    doc: "`test` or `live`. When set, a key of the other environment fails: a guard against a test key in a production stack.",
  },
  maxRequestsPerMinute: {
    config: "chatmaid:maxRequestsPerMinute",
    env: "CHATMAID_MAX_RPM",
    type: "number",
    doc:
      "Request budget per key (Chatmaid's documented limit is 100): for all the processes sharing it through " +
      "`sharedStore`, or for one process with `sharedStore` `off`. Lower it when other jobs use the same key.",
  },
  maxRetries: {
    config: "chatmaid:maxRetries",
    env: "CHATMAID_MAX_RETRIES",
    type: "integer",
    doc: "Retries after the first attempt (408, 429, 5xx, network errors, timeouts).",
  },
  timeoutSeconds: {
    config: "chatmaid:timeoutSeconds",
    env: "CHATMAID_TIMEOUT_SECONDS",
    type: "number",
    doc: "Timeout of each attempt, in seconds.",
  },
  cacheSeconds: {
    config: "chatmaid:cacheSeconds",
    env: "CHATMAID_CACHE_SECONDS",
    type: "number",
    doc: "How long a fetched list or status is reused (by every process sharing the store), in seconds.",
  },
  sharedStore: {
    config: "chatmaid:sharedStore",
    env: "CHATMAID_SHARED_STORE",
    type: "string",
    secret: true,
    doc:
      "Where processes using the same key and base URL share its budget, a 429's wait and recent reads: `machine` " +
      "(this user's processes on this machine, through an owner-only folder in the user's runtime or cache folder), " +
      "a `redis://` or `rediss://` URL (every machine using that Redis; the password in the URL or in " +
      "`CHATMAID_SHARED_STORE_PASSWORD`), or `off` (each process alone). A store that fails is reported once and " +
      "lookups go on with per-process pacing. An unusable URL is refused before any request. Secret: the URL may " +
      "hold a password.",
  },
} as const satisfies Record<string, SettingDefinition>;

/** A setting's name. */
export type SettingName = keyof typeof SETTINGS;

/** Defaults of the settings that have one. */
export const DEFAULTS = {
  baseUrl: DEFAULT_BASE_URL,
  /** Chatmaid's documented limit: 100 requests per minute per key. */
  maxRequestsPerMinute: 100,
  /** Retries after the first attempt. */
  maxRetries: 3,
  /** Per-attempt timeout. */
  timeoutSeconds: 30,
  /** Long enough to cover one preview's burst of reads, short enough that a run sees dashboard changes. */
  cacheSeconds: 10,
  sharedStore: "machine",
} as const satisfies { readonly [K in SettingName]?: string | number };

/** Values given directly (function arguments, resource inputs, provider inputs, CLI flags). */
export type ExplicitSettings = { readonly [K in SettingName]?: string | number | undefined };

/** Where settings come from; each source is optional. */
export interface SettingsSources {
  /** Values given on the call, resource, provider or command line; they win over config and the environment. */
  readonly explicit?: ExplicitSettings;
  /** How an explicit value is named in messages. Default `the <name> argument`. */
  readonly explicitName?: (name: SettingName) => string;
  /** Reads stack config by full key (`chatmaid:apiKey`); returns `undefined` when unset. */
  readonly config?: (key: string) => string | number | undefined;
  /** How stack config is named in messages. Default `stack config`. */
  readonly configName?: string;
  /** Environment variables. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Settings after precedence, validation and defaults: what the client runs
 * on. The key is a non-enumerable getter, so it never shows in JSON,
 * `util.inspect` output or a spread copy.
 */
export interface ResolvedSettings {
  /** The API key. Never log or store it. */
  readonly apiKey: string;
  /** Where the key came from, for messages (e.g. `stack config chatmaid:apiKey`). */
  readonly keySource: string;
  /** The normalized base URL, without `/v1`. */
  readonly baseUrl: string;
  /** The key's environment, from its prefix. */
  readonly environment: ChatmaidEnvironment;
  /** Requests per minute allowed for the key in this process. */
  readonly maxRequestsPerMinute: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** Per-attempt timeout in milliseconds. */
  readonly timeoutMs: number;
  /** How long a fetched list or status is reused, in milliseconds. */
  readonly cacheTtlMs: number;
  /** Where the key's budget and recent reads are shared with other processes (its password is not enumerable). */
  readonly sharedStore: SharedStoreSetting;
}

interface Found {
  readonly value: string;
  readonly source: string;
  readonly origin: ValueOrigin;
}

/**
 * Applies the precedence explicit value > stack config > environment,
 * validates every value and fills in the defaults. Checks the key against
 * `environment` when set.
 * @throws AuthenticationError when no key is set anywhere.
 * @throws InvalidInputError for a malformed key, URL or setting, or a key of the wrong environment.
 */
export function resolveSettings(sources: SettingsSources = {}): ResolvedSettings {
  checkEdge("resolveSettings", "sources", (s) => s.settingsSourcesSchema, sources);
  const key = pick(sources, "apiKey");
  if (!key) throw missingKey(sources);
  const environment = withOrigin(key, () => environmentOfKey(key.value, key.source));
  // A key that will be sent: from now on every message and log line of this process masks it by value.
  rememberSecret(key.value);
  const expected = pick(sources, "environment");
  if (expected) checkEnvironment(expected, key, environment);
  const baseUrl = pick(sources, "baseUrl");
  const settings = {
    keySource: key.source,
    baseUrl: baseUrl
      ? withOrigin(baseUrl, () => normalizeBaseUrl(baseUrl.value, baseUrl.source))
      : normalizeBaseUrl(""),
    environment,
    maxRequestsPerMinute: numberSetting(sources, "maxRequestsPerMinute"),
    maxRetries: numberSetting(sources, "maxRetries"),
    timeoutMs: numberSetting(sources, "timeoutSeconds") * 1000,
    cacheTtlMs: numberSetting(sources, "cacheSeconds") * 1000,
    sharedStore: sharedStoreSetting(sources),
  };
  return withHiddenKey(settings, key.value.trim());
}

/**
 * Settings with `apiKey` added as a non-enumerable getter, so it never shows
 * in JSON, `util.inspect` output (even with showHidden: only `[Getter]`) or a spread copy.
 */
export function withHiddenKey(settings: Omit<ResolvedSettings, "apiKey">, apiKey: string): ResolvedSettings {
  return Object.defineProperty({ ...settings }, "apiKey", { get: () => apiKey, enumerable: false }) as ResolvedSettings;
}

/** A setting refused by {@link settingFailures}: its name and why. */
export interface SettingFailure {
  /** The setting, e.g. `maxRetries`. */
  readonly property: SettingName;
  /** What is wrong and what to do; never the key. */
  readonly reason: string;
}

/**
 * Every problem with the settings, one per setting (a provider's CheckConfig
 * reports them by property), where {@link resolveSettings} stops at the
 * first. Settings in `skip` (not known yet, during a preview) are not checked.
 */
export function settingFailures(
  sources: SettingsSources,
  skip: ReadonlySet<SettingName> = new Set(),
): SettingFailure[] {
  const failures: SettingFailure[] = [];
  const attempt = (property: SettingName, check: () => void): void => {
    if (skip.has(property)) return;
    try {
      check();
    } catch (error) {
      if (!(error instanceof ChatmaidError)) throw error;
      failures.push({ property, reason: error.message });
    }
  };
  const key = pick(sources, "apiKey");
  let environment: ChatmaidEnvironment | undefined;
  attempt("apiKey", () => {
    if (!key) throw missingKey(sources);
    environment = environmentOfKey(key.value, key.source);
  });
  const expected = pick(sources, "environment");
  if (expected) attempt("environment", () => checkEnvironment(expected, key, environment));
  const baseUrl = pick(sources, "baseUrl");
  if (baseUrl) attempt("baseUrl", () => normalizeBaseUrl(baseUrl.value, baseUrl.source));
  for (const name of Object.keys(NUMBER_RULES) as (keyof typeof NUMBER_RULES)[]) {
    attempt(name, () => numberSetting(sources, name));
  }
  attempt("sharedStore", () => sharedStoreSetting(sources));
  return failures;
}

function missingKey(sources: SettingsSources): AuthenticationError {
  // Only the ways this caller has: the CLI reads no stack config, a program has no flags.
  const ways = [
    ...(sources.explicit ? [nameOf(sources, "apiKey")] : []),
    ...(sources.config
      ? [`${sources.configName ?? "stack config"} (pulumi config set --secret chatmaid:apiKey sk_test_...)`]
      : []),
    "the CHATMAID_API_KEY environment variable",
  ];
  const list = ways.length === 1 ? `Set ${ways[0]}` : `Set one of: ${ways.slice(0, -1).join("; ")}; or ${ways.at(-1)}`;
  return new AuthenticationError(`No Chatmaid API key was found. ${list} to your sk_test_... or sk_live_... key.`, {
    code: "missing_api_key",
  });
}

function checkEnvironment(expected: Found, key: Found | undefined, environment: ChatmaidEnvironment | undefined): void {
  const wanted = expected.value.trim().toLowerCase();
  if (wanted !== "test" && wanted !== "live") {
    throw invalid(expected, `${expected.source} must be "test" or "live", not ${quoteInput(expected.value, 20)}.`);
  }
  if (key && environment && wanted !== environment) {
    throw new InvalidInputError(
      `The Chatmaid API key from ${key.source} is a ${environment} key (sk_${environment}_...) but ${expected.source} is "${wanted}". ` +
        `Use a ${wanted} key for this stack, or change ${expected.source}.`,
      { code: "environment_mismatch", origin: key.origin },
    );
  }
}

function numberSetting(sources: SettingsSources, name: keyof typeof NUMBER_RULES): number {
  const found = pick(sources, name);
  if (!found) return DEFAULTS[name];
  const rule: NumberRule = NUMBER_RULES[name];
  const text = found.value.trim();
  const n = Number(text);
  const ok = /^\d+(\.\d+)?$/.test(text) && n >= rule.min && n <= rule.max && (!rule.whole || Number.isInteger(n));
  if (!ok) {
    const what = rule.whole ? "a whole number" : "a number";
    throw invalid(
      found,
      `${found.source} must be ${what} from ${rule.min} to ${rule.max}, not ${quoteInput(found.value, 20)}.`,
    );
  }
  return n;
}

/** The shared store: `machine` when unset; the password from the URL or `CHATMAID_SHARED_STORE_PASSWORD`. */
function sharedStoreSetting(sources: SettingsSources): SharedStoreSetting {
  const found = pick(sources, "sharedStore");
  const password = text((sources.env ?? process.env)[SHARED_STORE_PASSWORD_ENV]);
  if (!found) return parseSharedStore(undefined, "the default", password);
  return withOrigin(found, () => parseSharedStore(found.value, found.source, password));
}

function invalid(found: Found, message: string): InvalidInputError {
  return new InvalidInputError(message, { code: "invalid_setting", origin: found.origin });
}

/** Runs a check, marking its InvalidInputError with where the value came from. */
function withOrigin<T>(found: Found, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidInputError && error.origin === undefined) {
      throw new InvalidInputError(error.message, { code: error.code, origin: found.origin });
    }
    throw error;
  }
}

function nameOf(sources: SettingsSources, name: SettingName): string {
  return sources.explicitName?.(name) ?? `the ${name} argument`;
}

function pick(sources: SettingsSources, name: SettingName): Found | undefined {
  const explicit = text(sources.explicit?.[name]);
  if (explicit !== undefined) return { value: explicit, source: nameOf(sources, name), origin: "argument" };
  const { config, env } = SETTINGS[name];
  const fromConfig = text(sources.config?.(config));
  if (fromConfig !== undefined) {
    return { value: fromConfig, source: `${sources.configName ?? "stack config"} ${config}`, origin: "config" };
  }
  const fromEnv = text((sources.env ?? process.env)[env]);
  if (fromEnv !== undefined)
    return { value: fromEnv, source: `the ${env} environment variable`, origin: "environment" };
  return undefined;
}

/** A set value as text: numbers (from typed config) as their decimal form; empty or blank means unset. */
function text(value: string | number | undefined): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "NaN";
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
