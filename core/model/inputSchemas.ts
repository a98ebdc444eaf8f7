import { z } from "zod";
import { NUMBER_RULES } from "./settingRules";
import type { SharedStoreSetting } from "./sharedStoreSetting";

/**
 * Zod schemas of what `@chatmaid/pulumi/provider`'s exported constructors and
 * functions take, checked at run time because JavaScript callers and `any`
 * exist: a plain object where resolved settings belong, a missing
 * `maxRetries`, a zero poll interval. Loaded on first use (see inputCheck.ts), like
 * the response schemas.
 */

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", { error: "must be a function" });
const signal = z.instanceof(AbortSignal, { error: "must be an AbortSignal" });

/**
 * The `sharedStore` setting as resolveSettings makes it. Checked without being
 * copied: a Redis setting keeps its password in a non-enumerable getter, which
 * a parsed copy would lose.
 */
const sharedStore = z.custom<SharedStoreSetting>(
  (v) => {
    if (typeof v !== "object" || v === null) return false;
    const s = v as Record<string, unknown>;
    if (s.kind === "machine" || s.kind === "off") return true;
    return (
      s.kind === "redis" &&
      typeof s.display === "string" &&
      typeof s.host === "string" &&
      s.host !== "" &&
      Number.isInteger(s.port) &&
      (s.port as number) > 0 &&
      (s.port as number) < 65536 &&
      Number.isInteger(s.db) &&
      (s.db as number) >= 0 &&
      typeof s.tls === "boolean"
    );
  },
  { error: 'must be { kind: "machine" }, { kind: "off" }, or a Redis setting made by resolveSettings' },
);

/** Settings the client runs on: every field, within the ranges resolveSettings enforces. */
export const resolvedSettingsSchema = z
  .object({
    apiKey: z
      .string()
      .regex(/^sk_(test|live)_\S+$/, { error: "must be a Chatmaid secret key (sk_test_... or sk_live_...)" }),
    keySource: z.string().min(1),
    baseUrl: z
      .string()
      .regex(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, { error: "must be an http(s) URL without query or fragment" }),
    environment: z.enum(["test", "live"]),
    maxRequestsPerMinute: z
      .number()
      .min(NUMBER_RULES.maxRequestsPerMinute.min)
      .max(NUMBER_RULES.maxRequestsPerMinute.max),
    maxRetries: z.number().int().min(NUMBER_RULES.maxRetries.min).max(NUMBER_RULES.maxRetries.max),
    timeoutMs: z
      .number()
      .min(NUMBER_RULES.timeoutSeconds.min * 1000)
      .max(NUMBER_RULES.timeoutSeconds.max * 1000),
    cacheTtlMs: z
      .number()
      .min(NUMBER_RULES.cacheSeconds.min * 1000)
      .max(NUMBER_RULES.cacheSeconds.max * 1000),
    // Optional for settings written by hand before the setting existed: such a client paces itself alone, as it did.
    sharedStore: sharedStore.optional(),
  })
  .refine((s) => s.apiKey.startsWith(`sk_${s.environment}_`), {
    path: ["environment"],
    error: "does not match the key's prefix",
  });

/** A client's hooks. */
export const clientHooksSchema = z
  .object({
    fetch: fn.optional(),
    onRetry: fn.optional(),
    onWarning: fn.optional(),
    maxConcurrency: z.number().int().min(1).max(1000).optional(),
    // Emulated limits use short windows; an hour is longer than any real one.
    rateLimitWindowMs: z.number().int().min(1).max(3_600_000).optional(),
  })
  .optional();

/** One request's options. */
export const requestOptionsSchema = z.object({ signal: signal.optional() }).optional();

/** A reader's read options. */
export const readOptionsSchema = z.object({ signal: signal.optional(), fresh: z.boolean().optional() }).optional();

/** Where settings come from. */
export const settingsSourcesSchema = z
  .object({
    explicit: z.record(z.string(), z.union([z.string(), z.number(), z.undefined()])).optional(),
    explicitName: fn.optional(),
    config: fn.optional(),
    configName: z.string().optional(),
    // An object, not a plain one: process.env is exotic. Each variable is read as text where it is used.
    env: z
      .custom<Readonly<Record<string, string | undefined>>>((v) => typeof v === "object" && v !== null, {
        error: "must be an object of environment variables",
      })
      .optional(),
  })
  .optional();

/** A record as the wait loop and the connection check read it. */
export const recordSchema = z.looseObject({
  id: z.string().min(1),
  phoneNumber: z.string().min(1),
  connectionStatus: z.string(),
});

/** What `isConnected` reads. */
export const statusHolderSchema = z.looseObject({ connectionStatus: z.string() });

const progressSchema = z.looseObject({}).optional();

/** The wait loop's options: every time bounded, so no option makes it poll without pause or forever. */
export const waitOptionsSchema = z.object({
  waitMs: z
    .number()
    .min(0)
    .max(3600 * 1000),
  deadline: z.number().finite().optional(),
  poll: fn,
  // Chatmaid allows 100 requests a minute: polls closer than 10 ms apart are a mistake, not a choice.
  firstIntervalMs: z.number().min(10).max(3_600_000).optional(),
  maxIntervalMs: z.number().min(10).max(3_600_000).optional(),
  graceMs: z.number().min(0).max(60_000).optional(),
  progress: progressSchema,
  signal: signal.optional(),
});

/** `ensureConnected`'s options. */
export const ensureConnectedOptionsSchema = z
  .object({
    waitSeconds: z.number().min(0).max(3600).optional(),
    budget: z
      .looseObject({ waitSeconds: z.number().min(0).max(3600), deadline: z.number().finite(), signal })
      .optional(),
    progress: progressSchema,
    signal: signal.optional(),
    firstIntervalMs: z.number().min(10).max(3_600_000).optional(),
  })
  .optional();

/** A provider's config: stack config keys and their string values. */
export const providerConfigSchema = z.record(z.string(), z.union([z.string(), z.undefined()]));

/** What `readProviderConfig` reads from. */
export const configReaderSchema = z.looseObject({ get: fn });

/** `PhoneNumberOperations`' options. */
export const operationsOptionsSchema = z
  .object({
    log: fn.optional(),
    sources: settingsSourcesSchema,
    identifierProperty: z.string().min(1).optional(),
    signal: signal.optional(),
  })
  .optional();
