import { environmentOfKey, DEFAULT_KEY_SOURCE, type ChatmaidEnvironment } from "./apiKey";
import { normalizeBaseUrl } from "./baseUrl";
import { getJson, type RetryNotice } from "./httpTransport";
import { parsePhoneIdentifier } from "./identifiers";
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_REQUESTS_PER_MINUTE } from "./pacer";
import type { PhoneNumberRecord, PhoneNumberStatusRecord } from "./phoneNumberTypes";
import { keyState, type KeyState } from "./sharedState";
import { validateBody } from "./validate";
import type { z } from "zod";
import { loadSchemas, type Schemas } from "./lazySchemas";

/** Options of {@link ChatmaidClient}. */
export interface ChatmaidClientOptions {
  /** The secret key, `sk_test_...` or `sk_live_...`. */
  readonly apiKey: string;
  /** Where the key came from, named in errors (e.g. `stack config chatmaid:apiKey`). */
  readonly keySource?: string;
  /** API base URL, with or without a trailing `/v1`. Default `https://developers-api.chatmaid.net`. */
  readonly baseUrl?: string;
  /** Retries after the first attempt, for 408, 429, 5xx, network errors and timeouts. Default 3. */
  readonly maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
  /** Requests per minute allowed for this key in this process. Default 100, Chatmaid's limit. */
  readonly maxRequestsPerMinute?: number;
  /** Requests in flight at once for this key. Default 4. */
  readonly maxConcurrency?: number;
  /** The rate window in milliseconds, when it is not a minute (for emulated limits). Default 60 000. */
  readonly rateLimitWindowMs?: number;
  /** The fetch implementation. Default Node's global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Called before each retry, e.g. to tell the user a rate limit is being waited out. */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** Default retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 3;
/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A read-only client for Chatmaid's phone-number API. Each method validates
 * its input before any request, and its response against the contract.
 * Requests are paced and shared per key across the process.
 */
export class ChatmaidClient {
  /** `test` for `sk_test_` keys, `live` for `sk_live_` keys. */
  readonly environment: ChatmaidEnvironment;
  /** The normalized base URL, without `/v1`. */
  readonly baseUrl: string;
  /** Where the key came from, for messages. */
  readonly keySource: string;
  // A private field: not enumerable, so never in JSON, inspect output or state.
  readonly #apiKey: string;
  readonly #options: ChatmaidClientOptions;
  readonly #shared: KeyState;

  constructor(options: ChatmaidClientOptions) {
    this.keySource = options.keySource ?? DEFAULT_KEY_SOURCE;
    this.environment = environmentOfKey(options.apiKey, this.keySource);
    this.#apiKey = options.apiKey.trim();
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.#options = options;
    this.#shared = keyState(this.baseUrl, this.#apiKey, {
      maxRequests: options.maxRequestsPerMinute ?? DEFAULT_MAX_REQUESTS_PER_MINUTE,
      maxConcurrency: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      windowMs: options.rateLimitWindowMs ?? 60_000,
    });
  }

  /** `GET /v1/phone-numbers`: every number in the account that owns the key. */
  async listPhoneNumbers(): Promise<PhoneNumberRecord[]> {
    const data = await this.#get("/v1/phone-numbers", (s) => s.listEnvelopeSchema);
    return data.data.map(normalizeRecord);
  }

  /**
   * `GET /v1/phone-numbers/:id`: one number by internal ID or E.164 number.
   * @throws NotFoundError when the account has no such number.
   */
  async getPhoneNumber(identifier: string): Promise<PhoneNumberRecord> {
    const id = parsePhoneIdentifier(identifier);
    const data = await this.#get(`/v1/phone-numbers/${id.pathSegment}`, (s) => s.getEnvelopeSchema, id.value);
    return normalizeRecord(data.data);
  }

  /**
   * `GET /v1/phone-numbers/:id/status`: the up-to-date connection state.
   * @throws NotFoundError when the account has no such number.
   */
  async getPhoneNumberStatus(identifier: string): Promise<PhoneNumberStatusRecord> {
    const id = parsePhoneIdentifier(identifier);
    const data = await this.#get(`/v1/phone-numbers/${id.pathSegment}/status`, (s) => s.statusEnvelopeSchema, id.value);
    return normalizeStatus(data.data);
  }

  /** The per-key state shared in this process (pacer, in-flight requests, caches). */
  get shared(): KeyState {
    return this.#shared;
  }

  async #get<S extends z.ZodType>(
    path: string,
    schemaOf: (schemas: Schemas) => S,
    identifier?: string,
  ): Promise<z.output<S>> {
    const o = this.#options;
    return this.#shared.flights.run(path, async () => {
      const { body, requestId } = await getJson({
        url: this.baseUrl + path,
        path,
        apiKey: this.#apiKey,
        keySource: this.keySource,
        ...(identifier ? { identifier } : {}),
        maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
        timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        fetch: o.fetch ?? fetch,
        pacer: this.#shared.pacer,
        ...(o.onRetry ? { onRetry: o.onRetry } : {}),
      });
      return validateBody(schemaOf(loadSchemas()), body, `GET ${path}`, requestId);
    }) as Promise<z.output<S>>;
  }
}

type RawStatus = {
  id: string;
  phoneNumber: string;
  connectionStatus: string;
  lastConnectedAt?: string | null;
  lastDisconnectedAt?: string | null;
  updatedAt?: string | null;
};

/** A validated status with absent optional fields as `null`. */
function normalizeStatus(raw: RawStatus): PhoneNumberStatusRecord {
  return {
    id: raw.id,
    phoneNumber: raw.phoneNumber,
    connectionStatus: raw.connectionStatus,
    lastConnectedAt: raw.lastConnectedAt ?? null,
    lastDisconnectedAt: raw.lastDisconnectedAt ?? null,
    updatedAt: raw.updatedAt ?? null,
  };
}

/** A validated record with absent optional fields as `null`, in a stable field order. */
function normalizeRecord(
  raw: RawStatus & { displayName?: string | null; createdAt?: string | null },
): PhoneNumberRecord {
  const status = normalizeStatus(raw);
  return {
    id: status.id,
    phoneNumber: status.phoneNumber,
    displayName: raw.displayName ?? null,
    connectionStatus: status.connectionStatus,
    lastConnectedAt: status.lastConnectedAt,
    lastDisconnectedAt: status.lastDisconnectedAt,
    createdAt: raw.createdAt ?? null,
    updatedAt: status.updatedAt,
  };
}
