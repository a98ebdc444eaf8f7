/**
 * What the three functions do, shared by the Node SDK and the provider
 * plugin's invokes: read through the cached reader, apply the filters, and
 * enforce `requireConnected`.
 */
import type { ChatmaidEnvironment } from "../model/apiKey";
import type { PhoneNumberQuery, PhoneNumbersQuery } from "./arguments";
import { ensureConnected, type EnsureConnectedOptions } from "./connectionCheck";
import { NotFoundError } from "../model/errors";
import type { PhoneNumberReader } from "../client/phoneNumberReader";
import {
  pickFields,
  STATUS_FIELDS,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
} from "../model/phoneNumberRecord";
import { safeText } from "../model/redact";
import { startWait, withinWait, type WaitBudget, type WaitProgress } from "./waitLoop";

/** Result of `getPhoneNumbers`. */
export interface GetPhoneNumbersResult {
  /** The account's numbers that pass the filters, in the API's order. */
  readonly phoneNumbers: PhoneNumberRecord[];
  /** Internal IDs of `phoneNumbers`, in the same order. */
  readonly ids: string[];
  /** `test` or `live`, from the API key's prefix. */
  readonly environment: ChatmaidEnvironment;
}

/** Result of `getPhoneNumber`: the number as Chatmaid reports it, and the key's environment. */
export type GetPhoneNumberResult = PhoneNumberRecord & {
  /** `test` or `live`, from the API key's prefix. */
  readonly environment: ChatmaidEnvironment;
};

/** Result of `getPhoneNumberStatus`: the up-to-date connection state, and the key's environment. */
export type GetPhoneNumberStatusResult = PhoneNumberStatusRecord & {
  /** `test` or `live`, from the API key's prefix. */
  readonly environment: ChatmaidEnvironment;
};

/** How a `requireConnected` wait reports and is cancelled. */
export interface WaitHooks {
  /** Progress of a wait. */
  readonly progress?: WaitProgress;
  /** Cancels a wait. */
  readonly signal?: AbortSignal;
}

/** `getPhoneNumbers`: the filtered list; required numbers must exist, and be connected with `requireConnected`. */
export async function queryPhoneNumbers(
  reader: PhoneNumberReader,
  query: PhoneNumbersQuery,
  hooks: WaitHooks = {},
): Promise<GetPhoneNumbersResult> {
  // With a wait, its clock starts now: finding the numbers counts against it too.
  const budget = startWait(query.requirement?.waitSeconds ?? 0, hooks.signal);
  const { all, requiredRecords } = await withinWait(budget, describeQuery(query), async (signal) => {
    const all = await reader.list({ signal });
    const requiredRecords: PhoneNumberRecord[] = [];
    const missing: string[] = [];
    // Each number once, however often it is given.
    const required = [...new Map(query.required.map((id) => [id.value.toLowerCase(), id])).values()];
    for (const id of required) {
      // Absent from the list: confirm with GET /:id before calling it missing.
      const record = (await reader.listed(id, { signal })) ?? (await lookupOrUndefined(reader, id, signal));
      if (record) requiredRecords.push(record);
      else missing.push(id.value);
    }
    if (missing.length > 0) throw missingNumbers(missing, reader);
    return { all, requiredRecords };
  });
  const filtered = all.filter(
    (r) =>
      (!query.statuses || query.statuses.has(r.connectionStatus)) &&
      (query.displayName === undefined || r.displayName === query.displayName),
  );
  let phoneNumbers = filtered;
  if (query.requirement) {
    const toCheck = query.required.length > 0 ? unique(requiredRecords) : filtered;
    const checked = await ensureConnected(reader, toCheck, {
      waitSeconds: query.requirement.waitSeconds,
      ...waitOf(budget, hooks),
    });
    // Every entry the wait refreshed is returned fresh.
    const fresh = new Map(checked.map((r) => [r.id, r]));
    phoneNumbers = filtered.map((r) => fresh.get(r.id) ?? r);
  }
  return { phoneNumbers, ids: phoneNumbers.map((r) => r.id), environment: reader.client.environment };
}

/** `getPhoneNumber`: one number; with `requireConnected`, it must be connected. */
export async function queryPhoneNumber(
  reader: PhoneNumberReader,
  query: PhoneNumberQuery,
  hooks: WaitHooks = {},
): Promise<GetPhoneNumberResult> {
  const budget = startWait(query.requirement?.waitSeconds ?? 0, hooks.signal);
  let record = await withinWait(budget, safeText(query.id.value), (signal) => reader.lookup(query.id, { signal }));
  if (query.requirement) {
    [record] = await ensureConnected(reader, [record], {
      waitSeconds: query.requirement.waitSeconds,
      ...waitOf(budget, hooks),
    });
  }
  return { ...record!, environment: reader.client.environment };
}

/** `getPhoneNumberStatus`: the up-to-date state; with `requireConnected`, it must be connected. */
export async function queryPhoneNumberStatus(
  reader: PhoneNumberReader,
  query: PhoneNumberQuery,
  hooks: WaitHooks = {},
): Promise<GetPhoneNumberStatusResult> {
  if (query.requirement) {
    // getPhoneNumber's check: the wait loop reads /status within its deadline; the record names the number.
    const { environment, ...checked } = await queryPhoneNumber(reader, query, hooks);
    return { ...pickFields(checked, STATUS_FIELDS), environment };
  }
  return { ...(await reader.status(query.id)), environment: reader.client.environment };
}

function missingNumbers(missing: readonly string[], reader: PhoneNumberReader): NotFoundError {
  const { keySource, environment } = reader.client.settings;
  const one = missing.length === 1;
  return new NotFoundError(
    `${missing.length} required Chatmaid phone ${one ? "number is" : "numbers are"} not in the account of the key from ${keySource}: ` +
      `${missing.map((m) => safeText(m)).join(", ")}. ` +
      `Register ${one ? "it" : "them"} in the Chatmaid dashboard, or check the key belongs to the right account and environment (${environment}).`,
    { code: "not_found", identifier: missing.join(", ") },
  );
}

async function lookupOrUndefined(
  reader: PhoneNumberReader,
  id: PhoneNumberQuery["id"],
  signal: AbortSignal | undefined,
): Promise<PhoneNumberRecord | undefined> {
  try {
    return await reader.lookup(id, { signal });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** The wait's hooks for ensureConnected: its budget (deadline and cancellation), progress. */
function waitOf(
  budget: WaitBudget | undefined,
  hooks: WaitHooks,
): Pick<EnsureConnectedOptions, "budget" | "progress" | "signal"> {
  return { ...hooks, ...(budget ? { budget } : {}) };
}

/** The numbers a query names, for a message: the required ones, or "the account's numbers". */
function describeQuery(query: PhoneNumbersQuery): string {
  return query.required.length > 0
    ? query.required.map((id) => safeText(id.value)).join(", ")
    : "the account's numbers";
}

function unique(records: readonly PhoneNumberRecord[]): PhoneNumberRecord[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}
