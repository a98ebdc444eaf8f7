/**
 * The `PhoneNumber` resource's behaviour (check, diff, create, read, update
 * and what an outage means for each), the same for both engine adapters:
 * the Node dynamic provider (provider/dynamic/) and the native provider
 * plugin (provider/plugin/).
 */
import { checkRequirement, parseIdentifier, type ArgumentFailure, type ConnectionRequirement } from "./arguments";
import { ensureConnected } from "./connectionCheck";
import {
  ChatmaidError,
  ConnectionError,
  InvalidInputError,
  NotConnectedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../model/errors";
import { parsePhoneIdentifier, recordIdentifier } from "../model/identifiers";
import { OUTPUT_RECORD_FIELDS, pickFields, type PhoneNumberRecord } from "../model/phoneNumberRecord";
import { readerFor, type PhoneNumberReader } from "../client/phoneNumberReader";
import { logRetry, progressLog, type LogSink } from "./progressLog";
import { startWait, withinWait } from "./waitLoop";
import { environmentOfKey } from "../model/apiKey";
import { normalizeBaseUrl } from "../model/baseUrl";
import { safeText } from "../model/redact";
import { resolveSettings, type SettingsSources } from "../model/settings";
import { hasUnknowns, isUnknown } from "./unknownValues";
import { checkEdge } from "../model/inputCheck";

/** Inputs of a `PhoneNumber` as stored by the engine. `id` is Pulumi's, so the identifier has its own name. */
export interface PhoneNumberResourceInputs {
  /** Internal ID or E.164 number, as the user gave it (normalized by check). */
  readonly identifier: string;
  /** Fail every preview and up while the number is not connected. */
  readonly requireConnected?: boolean;
  /** With `requireConnected`, wait up to this many seconds for a connection. */
  readonly waitForConnectedSeconds?: number;
  /** This resource's account: overrides the provider's config and environment (Node SDK; stored only as a secret). */
  readonly apiKey?: string;
  /** This resource's base URL: overrides the provider's config and environment (Node SDK). */
  readonly baseUrl?: string;
}

/** The inputs kept in the outputs besides `identifier`, so refresh reads with the same settings. */
type InputOptions = Pick<
  PhoneNumberResourceInputs,
  "requireConnected" | "waitForConnectedSeconds" | "apiKey" | "baseUrl"
>;

/** Outputs of a `PhoneNumber` as stored in state: the inputs, the record, and the key's environment. */
export type PhoneNumberResourceOutputs = PhoneNumberResourceInputs &
  Pick<PhoneNumberRecord, (typeof OUTPUT_RECORD_FIELDS)[number]> & {
    /** The internal ID: the sender ID to wire into other resources. */
    readonly phoneId: string;
    /** `test` or `live`, from the API key's prefix. */
    readonly environment: string;
  };

/** Raw provider configuration: config values by full key (`chatmaid:apiKey`), as the engine passes them. */
export type ProviderConfig = Partial<Record<string, string>>;

/** Check's answer: normalized inputs, and a failure per refused input. */
export interface CheckResult {
  /** The inputs with the identifier normalized. */
  readonly inputs: Record<string, unknown>;
  /** Problems with inputs, by property. */
  readonly failures: ArgumentFailure[];
}

/**
 * Output fields compared by diff: a change to the number, its display name or
 * its connection status is a change. Timestamps alone (a reconnect moves
 * `lastConnectedAt` and `updatedAt`) are not, so `pulumi preview
 * --expect-no-changes` holds while a number is as connected as before; they
 * refresh on the next update or `pulumi refresh`.
 */
export const DIFF_FIELDS = [
  "phoneNumber",
  "displayName",
  "connectionStatus",
] as const satisfies readonly (typeof OUTPUT_RECORD_FIELDS)[number][];

/** The inputs a diff compares. */
const INPUT_FIELDS = ["identifier", "requireConnected", "waitForConnectedSeconds", "apiKey", "baseUrl"] as const;

/** Options of {@link PhoneNumberOperations}. */
export interface PhoneNumberOperationsOptions {
  /** Where retries, wait progress and warnings go. Default: nowhere. */
  readonly log?: LogSink;
  /** Where settings come from besides the config. Default: the config as stack config, then the environment. */
  readonly sources?: SettingsSources;
  /** The name of the identifier input in check failures: `id` in the Node SDK, `identifier` in the schema. */
  readonly identifierProperty?: string;
  /** Cancels waits in flight (the engine's Cancel). */
  readonly signal?: AbortSignal;
}

/** The provider's operations over one configuration. */
export class PhoneNumberOperations {
  readonly #sources: SettingsSources;
  readonly #log: LogSink;
  readonly #options: PhoneNumberOperationsOptions;
  /** Readers by account: the config's, and any a resource's own apiKey/baseUrl inputs name. */
  readonly #readers = new Map<string, PhoneNumberReader>();

  constructor(config: ProviderConfig, options: PhoneNumberOperationsOptions = {}) {
    checkEdge("new PhoneNumberOperations", "config", (s) => s.providerConfigSchema, config);
    checkEdge("new PhoneNumberOperations", "options", (s) => s.operationsOptionsSchema, options);
    this.#sources = options.sources ?? { config: (key) => config[key] };
    this.#log = options.log ?? (() => undefined);
    this.#options = options;
  }

  // Settings are resolved on first use, so check reports a bad input even
  // when no key is configured: the input is the first thing to fix.
  #readerFor(inputs: Partial<PhoneNumberResourceInputs>): PhoneNumberReader {
    const explicit = { apiKey: inputs.apiKey, baseUrl: inputs.baseUrl };
    const account = `${explicit.apiKey ?? ""}\n${explicit.baseUrl ?? ""}`;
    let reader = this.#readers.get(account);
    if (!reader) {
      const settings = resolveSettings({
        ...this.#sources,
        explicit,
        explicitName: (name) => `the ${name} input of the PhoneNumber`,
      });
      reader = readerFor(settings, {
        onRetry: (notice) => logRetry(this.#log, notice),
        onWarning: (message) => this.#log("warning", message),
      });
      this.#readers.set(account, reader);
    }
    return reader;
  }

  /** Validates inputs without any request; returns normalized inputs and failures. */
  checkInputs(news: Readonly<Record<string, unknown>>): CheckResult & { requirement?: ConnectionRequirement } {
    const failures: ArgumentFailure[] = [];
    const inputs: Record<string, unknown> = { ...news };
    if (!isUnknown(news.identifier)) {
      const id = parseIdentifier(news.identifier, this.#options.identifierProperty ?? "id", failures);
      if (id) inputs.identifier = id.value;
    }
    // Not known yet (preview): judged as if true, so a wait beside it is not refused; nothing is read while unknown.
    const requireConnected = isUnknown(news.requireConnected) ? true : news.requireConnected;
    const wait = isUnknown(news.waitForConnectedSeconds) ? undefined : news.waitForConnectedSeconds;
    const requirement = checkRequirement(requireConnected, wait, failures);
    failures.push(...accountFailures(news));
    return { inputs, failures, ...(requirement ? { requirement } : {}) };
  }

  /** check: validates inputs (no request), then enforces `requireConnected` so even a preview fails. */
  async check(news: Readonly<Record<string, unknown>>): Promise<CheckResult> {
    const { requirement, ...result } = this.checkInputs(news);
    if (result.failures.length > 0 || !requirement || hasUnknowns(result.inputs)) return result;
    try {
      await this.#readConnected(result.inputs as unknown as PhoneNumberResourceInputs);
    } catch (error) {
      // Failures belong to an input: a number not in the account (id) or not
      // connected (requireConnected). A bad key, a missing scope or an outage
      // is not about an input, so it fails the operation as it is.
      const property = this.#options.identifierProperty ?? "id";
      if (error instanceof NotFoundError) result.failures.push({ property, reason: error.message });
      else if (error instanceof NotConnectedError) {
        result.failures.push({ property: "requireConnected", reason: error.message });
      } else throw error;
    }
    return result;
  }

  /** create: reads the number; the resource ID is its internal ID. */
  async create(inputs: PhoneNumberResourceInputs): Promise<{ id: string; outs: PhoneNumberResourceOutputs }> {
    const outs = await this.#readConnected(inputs);
    return { id: outs.phoneId, outs };
  }

  /**
   * diff: re-reads; a different number replaces, a changed record or input
   * updates. During an outage, a number that need not be connected keeps its
   * last known record (see {@link isOutage}).
   */
  async diff(
    id: string,
    olds: PhoneNumberResourceOutputs,
    news: PhoneNumberResourceInputs,
  ): Promise<{ changes?: boolean; replaces: string[]; diffs: string[] }> {
    // Unknown inputs (preview): let the engine diff the inputs itself.
    if (hasUnknowns(news)) return { replaces: [], diffs: [] };
    const current = await this.#readOrKeep(news, olds);
    if (current.phoneId !== id) return { changes: true, replaces: ["identifier"], diffs: ["identifier"] };
    const diffs = [
      ...changedInputs(olds, news),
      ...DIFF_FIELDS.filter((field) => (olds[field] ?? null) !== (current[field] ?? null)),
    ];
    return { changes: diffs.length > 0, replaces: [], diffs };
  }

  /** update: reads again and stores the current record (the last known one during an outage, as diff). */
  async update(
    news: PhoneNumberResourceInputs,
    olds?: PhoneNumberResourceOutputs,
  ): Promise<{ outs: PhoneNumberResourceOutputs }> {
    return { outs: olds ? await this.#readOrKeep(news, olds) : await this.#readConnected(news) };
  }

  /** read (refresh): re-reads by internal ID; a number gone from the account drops out of state. */
  async read(
    id: string,
    props: Partial<PhoneNumberResourceOutputs> | undefined,
  ): Promise<{ id: string; props: Partial<PhoneNumberResourceOutputs> }> {
    try {
      const reader = this.#readerFor(props ?? {});
      const record = await reader.lookup(recordIdentifier({ id }));
      const inputs = { identifier: props?.identifier ?? record.phoneNumber, ...pickOptions(props ?? {}) };
      return { id: record.id, props: this.#outputs(inputs, record, reader) };
    } catch (error) {
      if (error instanceof NotFoundError) return { id: "", props: {} };
      throw error;
    }
  }

  /**
   * The current record; during an outage, for a number that need not be
   * connected and still names the same identifier, the last known record with
   * the new inputs, and a warning. A required sender can't be confirmed, so
   * then the outage fails the step.
   */
  async #readOrKeep(
    news: PhoneNumberResourceInputs,
    olds: PhoneNumberResourceOutputs,
  ): Promise<PhoneNumberResourceOutputs> {
    try {
      return await this.#readConnected(news);
    } catch (error) {
      const sameNumber =
        news.identifier === olds.identifier && news.apiKey === olds.apiKey && news.baseUrl === olds.baseUrl;
      if (!isOutage(error) || news.requireConnected === true || !sameNumber) throw error;
      this.#log(
        "warning",
        `Chatmaid could not be read for ${safeText(olds.phoneNumber ?? news.identifier)}: ${firstLine(error.message)} ` +
          `Kept its last known record (${safeText(olds.connectionStatus ?? "unknown")}${olds.updatedAt ? `, updated ${safeText(olds.updatedAt)}` : ""}); ` +
          `requireConnected is not set, so the deployment goes on.`,
      );
      const { requireConnected: _r, waitForConnectedSeconds: _w, apiKey: _k, baseUrl: _b, ...kept } = olds;
      return { ...kept, identifier: news.identifier, ...pickOptions(news) };
    }
  }

  async #readConnected(inputs: PhoneNumberResourceInputs): Promise<PhoneNumberResourceOutputs> {
    if (typeof inputs.identifier !== "string") {
      throw new InvalidInputError("The PhoneNumber resource has no id input.", { code: "invalid_identifier" });
    }
    const reader = this.#readerFor(inputs);
    const id = parsePhoneIdentifier(inputs.identifier);
    // With a wait, its clock starts now: finding the number counts against it too.
    const budget = startWait(inputs.requireConnected ? (inputs.waitForConnectedSeconds ?? 0) : 0, this.#options.signal);
    let record = await withinWait(budget, safeText(id.value), (signal) => reader.lookup(id, { signal }));
    if (inputs.requireConnected) {
      [record] = await ensureConnected(reader, [record], {
        waitSeconds: inputs.waitForConnectedSeconds ?? 0,
        progress: progressLog(this.#log),
        ...(budget ? { budget } : {}),
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      });
    }
    return this.#outputs(inputs, record!, reader);
  }

  #outputs(
    inputs: PhoneNumberResourceInputs,
    record: PhoneNumberRecord,
    reader: PhoneNumberReader,
  ): PhoneNumberResourceOutputs {
    return {
      identifier: inputs.identifier,
      ...pickOptions(inputs),
      phoneId: record.id,
      ...pickFields(record, OUTPUT_RECORD_FIELDS),
      environment: reader.client.environment,
    };
  }
}

/**
 * Failures of Chatmaid or the way to it, which may pass: connection errors,
 * timeouts, 5xx and 408, and 429 after the retries. Not: a refused key, a
 * missing scope, a wrong base URL or a broken answer, which need fixing.
 */
export function isOutage(error: unknown): error is ChatmaidError {
  return (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof ServerError ||
    error instanceof RateLimitError
  );
}

/**
 * A resource's own `apiKey` and `baseUrl` inputs, checked without any request
 * and without repeating the key (it is a secret input).
 */
function accountFailures(news: Readonly<Record<string, unknown>>): ArgumentFailure[] {
  const failures: ArgumentFailure[] = [];
  for (const [property, check] of [
    ["apiKey", (v: string) => environmentOfKey(v, "the apiKey input of the PhoneNumber")],
    ["baseUrl", (v: string) => normalizeBaseUrl(v, "the baseUrl input of the PhoneNumber")],
  ] as const) {
    const value = news[property];
    if (value === undefined || isUnknown(value)) continue;
    try {
      if (typeof value !== "string") throw new Error(`${property} must be a string.`);
      check(value);
    } catch (error) {
      failures.push({ property, reason: (error as Error).message });
    }
  }
  return failures;
}

/** The inputs that changed; an absent flag is the same as its default. */
function changedInputs(olds: Partial<PhoneNumberResourceInputs>, news: PhoneNumberResourceInputs): string[] {
  const defaults = {
    identifier: undefined,
    requireConnected: false,
    waitForConnectedSeconds: 0,
    apiKey: undefined,
    baseUrl: undefined,
  };
  return INPUT_FIELDS.filter((field) => (olds[field] ?? defaults[field]) !== (news[field] ?? defaults[field]));
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}

/** The inputs besides the identifier that are set, as kept in the outputs. */
function pickOptions(from: Partial<PhoneNumberResourceInputs>): InputOptions {
  const out: Record<string, unknown> = {};
  for (const key of ["requireConnected", "waitForConnectedSeconds", "apiKey", "baseUrl"] as const) {
    if (from[key] !== undefined && from[key] !== null) out[key] = from[key];
  }
  return out as InputOptions;
}
