import type { z } from "zod";
import { ResponseValidationError } from "../model/errors";
import { getJson, type RetryNotice } from "./httpTransport";
import { normalizeBaseUrl } from "../model/baseUrl";
import { checkEdge } from "../model/inputCheck";
import { identifierAtEdge, type PhoneIdentifier } from "../model/identifiers";
import { loadSchemas, type Schemas } from "../model/loadApiSchemas";
import { DEFAULT_MAX_CONCURRENCY } from "./pacer";
import { networkPath, type NetworkPath } from "./proxyFetch";
import {
  toRecord,
  toStatusRecord,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
} from "../model/phoneNumberRecord";
import { quoteInput, rememberSecret } from "../model/redact";
import { withHiddenKey, type ResolvedSettings } from "../model/settings";
import { keyState, type KeyState } from "./keyState";
import { formatPath } from "../model/issuePath";
import { validateBody } from "./responseValidation";

/** What a client reports and how it reaches the network, beyond its settings. */
export interface ClientHooks {
  /** The fetch implementation. Default Node's fetch, or undici's through the proxy in `HTTPS_PROXY` / `HTTP_PROXY` when one is set. */
  readonly fetch?: typeof fetch;
  /** Called before each retry, e.g. to tell the user a rate limit is being waited out. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Called with a message for each answer the client had to correct (a record left out of a list, a duplicate). */
  readonly onWarning?: (message: string) => void;
  /** Requests in flight at once for this key. Default 4. */
  readonly maxConcurrency?: number;
  /** The rate window in milliseconds, when it is not a minute (for emulated limits). Default 60 000. */
  readonly rateLimitWindowMs?: number;
}

/** Options of one request. */
export interface RequestOptions {
  /** Abandons the request: it rejects with the signal's reason, and stops unless another caller shares it. */
  readonly signal?: AbortSignal;
}

/**
 * A read-only client for Chatmaid's phone-number API, over resolved settings
 * (see `resolveSettings`) and parsed identifiers (see `parsePhoneIdentifier`).
 * Every response is validated against the contract. Requests are paced and
 * shared per key across the process.
 */
export class ChatmaidClient {
  /** The settings the client runs on; the key in them is not enumerable. */
  readonly settings: ResolvedSettings;
  readonly #hooks: ClientHooks;
  readonly #network: NetworkPath;
  readonly #shared: KeyState;

  constructor(settings: ResolvedSettings, hooks: ClientHooks = {}) {
    // JavaScript callers and `any` exist: a partial object here once meant retries without end (no maxRetries).
    const given = checkEdge(
      "new ChatmaidClient",
      "settings",
      (s) => s.resolvedSettingsSchema,
      settings,
      "Build the settings with resolveSettings(...).",
    );
    checkEdge("new ChatmaidClient", "hooks", (s) => s.clientHooksSchema, hooks);
    const { apiKey, ...rest } = given;
    // A plain object's key would be enumerable, so it would show in JSON or a log of the client: hidden again.
    settings = withHiddenKey(
      {
        ...rest,
        baseUrl: normalizeBaseUrl(given.baseUrl, "settings.baseUrl"),
        sharedStore: settings.sharedStore ?? { kind: "off" },
      },
      apiKey,
    );
    rememberSecret(apiKey);
    this.settings = settings;
    this.#hooks = hooks;
    this.#network = hooks.fetch ? { fetch: hooks.fetch } : networkPath(settings.baseUrl);
    this.#shared = keyState(
      settings.baseUrl,
      settings.apiKey,
      {
        maxRequests: settings.maxRequestsPerMinute,
        maxConcurrency: hooks.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
        windowMs: hooks.rateLimitWindowMs ?? 60_000,
      },
      {
        setting: settings.sharedStore,
        keySource: settings.keySource,
        warn: (message) => hooks.onWarning?.(message),
      },
    );
  }

  /** `test` for `sk_test_` keys, `live` for `sk_live_` keys. */
  get environment(): ResolvedSettings["environment"] {
    return this.settings.environment;
  }

  /** The per-key state shared in this process (pacer, in-flight requests, caches). */
  get shared(): KeyState {
    return this.#shared;
  }

  /**
   * `GET /v1/phone-numbers`: every number in the account that owns the key. A
   * record that breaks the contract is left out with a warning (a lookup of
   * that number then asks for it directly), and a number listed twice is
   * returned once.
   */
  async listPhoneNumbers(options: RequestOptions = {}): Promise<PhoneNumberRecord[]> {
    checkEdge("ChatmaidClient.listPhoneNumbers", "options", (s) => s.requestOptionsSchema, options);
    const path = "/v1/phone-numbers";
    // Checked inside the shared request, so concurrent callers share the work and each warning is said once.
    return this.#get(
      path,
      (s) => s.listEnvelopeSchema,
      options,
      (body) => this.#records(body.data, path),
    );
  }

  /** The list's records: all of them when they all match (one pass), else the good ones, with a warning per bad one. */
  #records(data: readonly unknown[], path: string): PhoneNumberRecord[] {
    const { phoneNumberSchema, recordListSchema } = loadSchemas();
    const whole = recordListSchema.safeParse(data);
    const parsed = whole.success
      ? whole.data
      : data.flatMap((raw, index) => {
          const one = phoneNumberSchema.safeParse(raw);
          if (one.success) return [one.data];
          this.#warn(`left out data[${index}]${describeRaw(raw)}: ${issueOf(one.error)}`, path);
          return [];
        });
    const records: PhoneNumberRecord[] = [];
    const seen = new Set<string>();
    for (const raw of parsed) {
      const record = toRecord(raw);
      const key = record.id.toLowerCase();
      if (seen.has(key)) {
        this.#warn(`listed ${quoteInput(record.id)} twice; kept the first`, path);
        continue;
      }
      seen.add(key);
      records.push(record);
    }
    return records;
  }

  /**
   * `GET /v1/phone-numbers/:id`: one number by internal ID or E.164 number.
   * @throws NotFoundError when the account has no such number.
   * @throws ResponseValidationError when the answer is about another number.
   */
  async getPhoneNumber(given: PhoneIdentifier, options: RequestOptions = {}): Promise<PhoneNumberRecord> {
    const id = identifierAtEdge("ChatmaidClient.getPhoneNumber", given);
    checkEdge("ChatmaidClient.getPhoneNumber", "options", (s) => s.requestOptionsSchema, options);
    const path = `/v1/phone-numbers/${id.pathSegment}`;
    return this.#get(
      path,
      (s) => s.getEnvelopeSchema,
      options,
      (body, requestId) => toRecord(checkIdentity(body.data, id, path, requestId)),
      id,
    );
  }

  /**
   * `GET /v1/phone-numbers/:id/status`: the up-to-date connection state.
   * @throws NotFoundError when the account has no such number.
   * @throws ResponseValidationError when the answer is about another number.
   */
  async getPhoneNumberStatus(given: PhoneIdentifier, options: RequestOptions = {}): Promise<PhoneNumberStatusRecord> {
    const id = identifierAtEdge("ChatmaidClient.getPhoneNumberStatus", given);
    checkEdge("ChatmaidClient.getPhoneNumberStatus", "options", (s) => s.requestOptionsSchema, options);
    const path = `/v1/phone-numbers/${id.pathSegment}/status`;
    return this.#get(
      path,
      (s) => s.statusEnvelopeSchema,
      options,
      (body, requestId) => toStatusRecord(checkIdentity(body.data, id, path, requestId)),
      id,
    );
  }

  #warn(what: string, path: string): void {
    this.#hooks.onWarning?.(`Chatmaid's answer to GET ${path} ${what}.`);
  }

  /** GETs `path` (shared with concurrent callers), validates it with the schema, and shapes it with `finish`. */
  async #get<S extends z.ZodType, R>(
    path: string,
    schemaOf: (schemas: Schemas) => S,
    options: RequestOptions,
    finish: (body: z.output<S>, requestId: string | undefined) => R,
    identifier?: PhoneIdentifier,
  ): Promise<R> {
    const settings = this.settings;
    const hooks = this.#hooks;
    // Loaded before the request goes out rather than when its answer arrives: loading zod holds the
    // event loop, and with answers arriving it would hold up the requests waiting for their turn.
    const schema = schemaOf(loadSchemas());
    // Node loads its fetch on first use (~100 ms), which would otherwise fall between a request
    // being counted in a shared budget and its being sent: reading a fetch global loads it now.
    void globalThis.Headers;
    const flight = this.#shared.flights.run(
      path,
      async (signal) => {
        const { body, requestId } = await getJson({
          url: settings.baseUrl + path,
          path,
          apiKey: settings.apiKey,
          keySource: settings.keySource,
          ...(identifier ? { identifier: identifier.value } : {}),
          maxRetries: settings.maxRetries,
          timeoutMs: settings.timeoutMs,
          fetch: this.#network.fetch,
          baseUrl: settings.baseUrl,
          ...(this.#network.proxy ? { proxy: this.#network.proxy } : {}),
          pacer: this.#shared.pacer,
          signal,
          ...(hooks.onRetry ? { onRetry: hooks.onRetry } : {}),
        });
        return finish(validateBody(schema, body, `GET ${path}`, requestId), requestId);
      },
      options.signal,
    );
    return flight as Promise<R>;
  }
}

/** Whether a record is about the number asked for, by internal ID or E.164 as it was asked. */
export function isAbout(data: { readonly id: string; readonly phoneNumber: string }, asked: PhoneIdentifier): boolean {
  return asked.kind === "id" ? data.id.toLowerCase() === asked.value.toLowerCase() : data.phoneNumber === asked.value;
}

/**
 * An answer must be about the number asked for: a cache or proxy serving
 * another number's record must never let that number's status pass for it.
 */
function checkIdentity<T extends { id: string; phoneNumber: string }>(
  data: T,
  asked: PhoneIdentifier,
  path: string,
  requestId: string | undefined,
): T {
  if (isAbout(data, asked)) return data;
  const field = asked.kind === "id" ? "id" : "phoneNumber";
  throw new ResponseValidationError(
    `Chatmaid's answer to GET ${path} is about another number: asked for ${quoteInput(asked.value)}, got ${field} ${quoteInput(data[field])}. ` +
      `A cache or proxy between this machine and Chatmaid may be serving the wrong answer; check the base URL and any proxy.`,
    { code: "wrong_number", request: `GET ${path}`, fieldPath: `data.${field}`, ...(requestId ? { requestId } : {}) },
  );
}

/** ` (id "...")` or ` (phoneNumber "...")` for a record that failed validation, when it has either. */
function describeRaw(raw: unknown): string {
  if (raw === null || typeof raw !== "object") return "";
  const { id, phoneNumber } = raw as { id?: unknown; phoneNumber?: unknown };
  if (typeof id === "string" && id !== "") return ` (id ${quoteInput(id)})`;
  if (typeof phoneNumber === "string" && phoneNumber !== "") return ` (phoneNumber ${quoteInput(phoneNumber)})`;
  return "";
}

function issueOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${formatPath(issue.path) || "the record"}: ${issue.message}`;
}
