import { ensureConnected } from "./connectionCheck";
import { InvalidInputError, NotConnectedError, NotFoundError } from "./errors";
import { parsePhoneIdentifier } from "./identifiers";
import type { PhoneNumberReader } from "./phoneNumberReader";
import type { PhoneNumberRecord } from "./phoneNumberTypes";
import { readerFor, resolveSettings, SETTINGS } from "./settings";

/**
 * The `PhoneNumber` dynamic provider's behaviour. The serialized provider kept
 * in state is a thin shim that requires this module inside the plugin process
 * and delegates here, so state stays small and no credentials are captured.
 */

/** Inputs of a `PhoneNumber` as stored by the engine. `id` is Pulumi's, so the identifier has its own name. */
export interface PhoneNumberResourceInputs {
  /** Internal ID or E.164 number, as the user gave it (normalized by check). */
  identifier: string;
  /** Fail every preview and up while the number is not connected. */
  requireConnected?: boolean;
  /** With `requireConnected`, wait up to this many seconds for a connection. */
  waitForConnectedSeconds?: number;
}

/** Outputs of a `PhoneNumber` as stored in state. */
export interface PhoneNumberResourceOutputs extends PhoneNumberResourceInputs {
  phoneId: string;
  phoneNumber: string;
  displayName: string | null;
  connectionStatus: string;
  lastConnectedAt: string | null;
  lastDisconnectedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  environment: string;
}

/** Raw provider configuration: stack config values by full key, read in `configure`. */
export type ProviderConfig = Partial<Record<string, string>>;

/** Output fields compared by diff: a change to any is a change to the resource. */
const RECORD_FIELDS = [
  "phoneNumber",
  "displayName",
  "connectionStatus",
  "lastConnectedAt",
  "lastDisconnectedAt",
  "createdAt",
  "updatedAt",
] as const;
const MAX_WAIT_SECONDS = 3600;

/**
 * How the engine marks a value not known until apply (during preview an input
 * may come from a resource not yet created). Such values are not validated.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when any input is still unknown, so nothing can be read yet. */
export function hasUnknowns(inputs: Record<string, unknown>): boolean {
  return Object.values(inputs).some((v) => v === UNKNOWN_VALUE);
}

/** Reads the provider's settings from the config the engine passes to `configure`. */
export function readProviderConfig(config: { get(key: string): string | undefined }): ProviderConfig {
  const out: ProviderConfig = {};
  for (const { config: key } of Object.values(SETTINGS)) {
    const value = config.get(key);
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** Validates inputs without any request; returns normalized inputs and failures. */
export function checkInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: { property: string; reason: string }[];
} {
  const failures: { property: string; reason: string }[] = [];
  const inputs = { ...news };
  if (news.identifier !== UNKNOWN_VALUE) {
    try {
      inputs.identifier = parsePhoneIdentifier(news.identifier).value;
    } catch (error) {
      failures.push({ property: "id", reason: (error as Error).message });
    }
  }
  if (
    news.requireConnected !== undefined &&
    news.requireConnected !== UNKNOWN_VALUE &&
    typeof news.requireConnected !== "boolean"
  ) {
    failures.push({ property: "requireConnected", reason: "requireConnected must be true or false." });
  }
  const wait = news.waitForConnectedSeconds;
  if (
    wait !== undefined &&
    wait !== UNKNOWN_VALUE &&
    (typeof wait !== "number" || !Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SECONDS)
  ) {
    failures.push({
      property: "waitForConnectedSeconds",
      reason: `waitForConnectedSeconds must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}.`,
    });
  }
  return { inputs, failures };
}

/** The provider's operations over one configuration. */
export class PhoneNumberOperations {
  readonly #config: ProviderConfig;
  readonly #log: (message: string) => void;
  #readerInstance: PhoneNumberReader | undefined;

  constructor(config: ProviderConfig, log: (message: string) => void = () => undefined) {
    this.#config = config;
    this.#log = log;
  }

  // Settings are resolved on first use, so check reports a bad input even
  // when no key is configured: the input is the first thing to fix.
  get #reader(): PhoneNumberReader {
    this.#readerInstance ??= readerFor(resolveSettings({ config: (key) => this.#config[key] }));
    return this.#readerInstance;
  }

  /** check: validates inputs (no request), then enforces `requireConnected` so even a preview fails. */
  async check(
    news: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
    const result = checkInputs(news);
    if (result.failures.length > 0 || result.inputs.requireConnected !== true || hasUnknowns(result.inputs))
      return result;
    try {
      await this.#readConnected(result.inputs as unknown as PhoneNumberResourceInputs);
    } catch (error) {
      // Failures belong to an input: a number not in the account (id) or not
      // connected (requireConnected). A bad key, a missing scope or an outage
      // is not about an input, so it fails the operation as it is.
      if (error instanceof NotFoundError) result.failures.push({ property: "id", reason: error.message });
      else if (error instanceof NotConnectedError)
        result.failures.push({ property: "requireConnected", reason: error.message });
      else throw error;
    }
    return result;
  }

  /** create: reads the number; the resource ID is its internal ID. */
  async create(inputs: PhoneNumberResourceInputs): Promise<{ id: string; outs: PhoneNumberResourceOutputs }> {
    const outs = await this.#readConnected(inputs);
    return { id: outs.phoneId, outs };
  }

  /** diff: re-reads; a different number replaces, a changed record or input updates. */
  async diff(
    id: string,
    olds: PhoneNumberResourceOutputs,
    news: PhoneNumberResourceInputs,
  ): Promise<{ changes?: boolean; replaces: string[] }> {
    // Unknown inputs (preview): let the engine diff the inputs itself.
    if (hasUnknowns(news as unknown as Record<string, unknown>)) return { replaces: [] };
    const current = await this.#readConnected(news);
    if (current.phoneId !== id) return { changes: true, replaces: ["identifier"] };
    const changed =
      RECORD_FIELDS.some((field) => (olds[field] ?? null) !== (current[field] ?? null)) ||
      olds.identifier !== news.identifier ||
      (olds.requireConnected ?? false) !== (news.requireConnected ?? false) ||
      (olds.waitForConnectedSeconds ?? 0) !== (news.waitForConnectedSeconds ?? 0);
    return { changes: changed, replaces: [] };
  }

  /** update: reads again and stores the current record. */
  async update(news: PhoneNumberResourceInputs): Promise<{ outs: PhoneNumberResourceOutputs }> {
    return { outs: await this.#readConnected(news) };
  }

  /** read (refresh): re-reads by internal ID; a number gone from the account drops out of state. */
  async read(
    id: string,
    props: Partial<PhoneNumberResourceOutputs> | undefined,
  ): Promise<{ id: string; props: Partial<PhoneNumberResourceOutputs> }> {
    try {
      const record = await this.#reader.lookup(id);
      const inputs = { identifier: props?.identifier ?? record.phoneNumber, ...pickFlags(props ?? {}) };
      return { id: record.id, props: this.#outputs(inputs, record) };
    } catch (error) {
      if (error instanceof NotFoundError) return { id: "", props: {} };
      throw error;
    }
  }

  async #readConnected(inputs: PhoneNumberResourceInputs): Promise<PhoneNumberResourceOutputs> {
    if (typeof inputs.identifier !== "string") {
      throw new InvalidInputError("The PhoneNumber resource has no id input.", { code: "invalid_identifier" });
    }
    let record = await this.#reader.lookup(inputs.identifier);
    if (inputs.requireConnected) {
      [record] = await ensureConnected(this.#reader, [record], {
        waitForConnectedSeconds: inputs.waitForConnectedSeconds ?? 0,
        log: this.#log,
      });
    }
    return this.#outputs(inputs, record!);
  }

  #outputs(inputs: PhoneNumberResourceInputs, record: PhoneNumberRecord): PhoneNumberResourceOutputs {
    return {
      identifier: inputs.identifier,
      ...pickFlags(inputs),
      phoneId: record.id,
      phoneNumber: record.phoneNumber,
      displayName: record.displayName,
      connectionStatus: record.connectionStatus,
      lastConnectedAt: record.lastConnectedAt,
      lastDisconnectedAt: record.lastDisconnectedAt,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      environment: this.#reader.client.environment,
    };
  }
}

function pickFlags(
  from: Partial<PhoneNumberResourceInputs>,
): Pick<PhoneNumberResourceInputs, "requireConnected" | "waitForConnectedSeconds"> {
  return {
    ...(from.requireConnected === undefined ? {} : { requireConnected: from.requireConnected }),
    ...(from.waitForConnectedSeconds === undefined ? {} : { waitForConnectedSeconds: from.waitForConnectedSeconds }),
  };
}
