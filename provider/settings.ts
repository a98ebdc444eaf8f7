import { environmentOfKey, type ChatmaidEnvironment } from "./apiKey";
import { normalizeBaseUrl } from "./baseUrl";
import { ChatmaidClient } from "./client";
import { AuthenticationError, InvalidInputError } from "./errors";
import { PhoneNumberReader } from "./phoneNumberReader";
import { quoteInput } from "./redact";

/**
 * One setting and where it is read from, in order of precedence after an
 * explicit argument: stack config `chatmaid:<name>`, then the environment.
 */
export const SETTINGS = {
  apiKey: { config: "chatmaid:apiKey", env: "CHATMAID_API_KEY" },
  baseUrl: { config: "chatmaid:baseUrl", env: "CHATMAID_BASE_URL" },
  environment: { config: "chatmaid:environment", env: "CHATMAID_ENVIRONMENT" },
  maxRequestsPerMinute: { config: "chatmaid:maxRequestsPerMinute", env: "CHATMAID_MAX_RPM" },
  maxRetries: { config: "chatmaid:maxRetries", env: "CHATMAID_MAX_RETRIES" },
  timeoutSeconds: { config: "chatmaid:timeoutSeconds", env: "CHATMAID_TIMEOUT_SECONDS" },
  cacheSeconds: { config: "chatmaid:cacheSeconds", env: "CHATMAID_CACHE_SECONDS" },
} as const;

/** A setting's name. */
export type SettingName = keyof typeof SETTINGS;

/** Where settings come from; each source is optional. */
export interface SettingsSources {
  /** Values given on the call or resource (`apiKey`, `baseUrl`). */
  readonly explicit?: { readonly apiKey?: string | undefined; readonly baseUrl?: string | undefined };
  /** How the explicit values are named in errors. Default `the apiKey argument`. */
  readonly explicitName?: string;
  /** Reads stack config by full key (`chatmaid:apiKey`); returns `undefined` when unset. */
  readonly config?: (key: string) => string | undefined;
  /** Environment variables. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Settings after precedence is applied. */
export interface ResolvedSettings {
  /** The API key. Never log or store it. */
  readonly apiKey: string;
  /** Where the key came from, for messages. */
  readonly keySource: string;
  /** The normalized base URL. */
  readonly baseUrl: string;
  /** The key's environment. */
  readonly environment: ChatmaidEnvironment;
  /** Pacer budget, when configured. */
  readonly maxRequestsPerMinute?: number;
  /** Retries, when configured. */
  readonly maxRetries?: number;
  /** Per-attempt timeout, when configured. */
  readonly timeoutMs?: number;
  /** Freshness of cached reads, when configured. */
  readonly cacheTtlMs?: number;
}

/**
 * Applies the precedence explicit argument > stack config > environment, and
 * checks the key against `chatmaid:environment` when set.
 * @throws AuthenticationError when no key is set anywhere.
 * @throws InvalidInputError for a malformed key, URL or number, or a key of the wrong environment.
 */
export function resolveSettings(sources: SettingsSources = {}): ResolvedSettings {
  const explicitName = sources.explicitName ?? "the apiKey argument";
  const key = pick(sources, "apiKey", sources.explicit?.apiKey, explicitName);
  if (!key) {
    // Only the ways this caller has: a resource takes no argument, the CLI reads no stack config.
    const ways = [
      ...(sources.explicit ? [explicitName] : []),
      ...(sources.config ? ["stack config (pulumi config set --secret chatmaid:apiKey sk_test_...)"] : []),
      "the CHATMAID_API_KEY environment variable",
    ];
    const list =
      ways.length === 1 ? `Set ${ways[0]}` : `Set one of: ${ways.slice(0, -1).join("; ")}; or ${ways.at(-1)}`;
    throw new AuthenticationError(`No Chatmaid API key was found. ${list} to your sk_test_... or sk_live_... key.`, {
      code: "missing_api_key",
    });
  }
  const environment = environmentOfKey(key.value, key.source);
  const expected = pick(sources, "environment");
  if (expected) {
    const wanted = expected.value.trim().toLowerCase();
    if (wanted !== "test" && wanted !== "live") {
      throw new InvalidInputError(
        `${expected.source} must be "test" or "live", not ${quoteInput(expected.value, 20)}.`,
        { code: "invalid_setting" },
      );
    }
    if (wanted !== environment) {
      throw new InvalidInputError(
        `The Chatmaid API key from ${key.source} is a ${environment} key (sk_${environment}_...) but ${expected.source} is "${wanted}". ` +
          `Use a ${wanted} key for this stack, or change ${expected.source}.`,
        { code: "environment_mismatch" },
      );
    }
  }
  const baseUrl = pick(sources, "baseUrl", sources.explicit?.baseUrl, "the baseUrl argument");
  const rpm = number(pick(sources, "maxRequestsPerMinute"), 1);
  const retries = number(pick(sources, "maxRetries"), 0);
  const timeout = number(pick(sources, "timeoutSeconds"), 0.001);
  const cache = number(pick(sources, "cacheSeconds"), 0);
  return {
    apiKey: key.value.trim(),
    keySource: key.source,
    baseUrl: normalizeBaseUrl(baseUrl?.value, baseUrl?.source),
    environment,
    ...(rpm === undefined ? {} : { maxRequestsPerMinute: rpm }),
    ...(retries === undefined ? {} : { maxRetries: Math.floor(retries) }),
    ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
    ...(cache === undefined ? {} : { cacheTtlMs: cache * 1000 }),
  };
}

/** A client and a cached reader for resolved settings. */
export function readerFor(
  settings: ResolvedSettings,
  onRetry?: ConstructorParameters<typeof ChatmaidClient>[0]["onRetry"],
): PhoneNumberReader {
  const client = new ChatmaidClient({
    apiKey: settings.apiKey,
    keySource: settings.keySource,
    baseUrl: settings.baseUrl,
    ...(settings.maxRequestsPerMinute === undefined ? {} : { maxRequestsPerMinute: settings.maxRequestsPerMinute }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(onRetry ? { onRetry } : {}),
  });
  return new PhoneNumberReader(client, settings.cacheTtlMs === undefined ? {} : { cacheTtlMs: settings.cacheTtlMs });
}

function pick(
  sources: SettingsSources,
  name: SettingName,
  explicit?: string,
  explicitName?: string,
): { value: string; source: string } | undefined {
  if (nonEmpty(explicit)) return { value: explicit, source: explicitName ?? `the ${name} argument` };
  const { config, env } = SETTINGS[name];
  const fromConfig = sources.config?.(config);
  if (nonEmpty(fromConfig)) return { value: fromConfig, source: `stack config ${config}` };
  const fromEnv = (sources.env ?? process.env)[env];
  if (nonEmpty(fromEnv)) return { value: fromEnv, source: `the ${env} environment variable` };
  return undefined;
}

function number(setting: { value: string; source: string } | undefined, min: number): number | undefined {
  if (!setting) return undefined;
  const n = Number(setting.value);
  if (!Number.isFinite(n) || n < min) {
    throw new InvalidInputError(
      `${setting.source} must be a number of at least ${min}, not ${quoteInput(setting.value, 20)}.`,
      {
        code: "invalid_setting",
      },
    );
  }
  return n;
}

function nonEmpty(value: string | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}
