import * as pulumi from "@pulumi/pulumi";
import {
  ensureConnected,
  NotFoundError,
  parsePhoneIdentifier,
  type ChatmaidEnvironment,
  type ConnectionStatus,
  type PhoneNumberRecord,
} from "../provider";
import { findIn } from "../provider/phoneNumberReader";
import { invokeOutput } from "./invokeOutput";
import { logInfo, programReader, type CredentialArgs } from "./programSettings";

/** Arguments of {@link getPhoneNumbers}. */
export interface GetPhoneNumbersArgs extends CredentialArgs {
  /** Keep only numbers with this status, or any of these statuses. */
  connectionStatus?: ConnectionStatus | ConnectionStatus[];
  /** Keep only numbers with exactly this display name. */
  displayName?: string;
  /** Internal IDs or E.164 numbers that must exist in the account; the call fails naming every missing one. */
  required?: string[];
  /**
   * Fail unless every `required` number (or, without `required`, every
   * returned number) is connected, per the up-to-date `/status` endpoint.
   */
  requireConnected?: boolean;
  /** With `requireConnected`, poll for up to this many seconds while a number is not connected. Default 0. */
  waitForConnectedSeconds?: number;
}

/** Arguments of {@link getPhoneNumbersOutput}: each may be an Output. */
export interface GetPhoneNumbersOutputArgs {
  /** Keep only numbers with this status, or any of these statuses. */
  connectionStatus?: pulumi.Input<ConnectionStatus | pulumi.Input<ConnectionStatus>[]>;
  /** Keep only numbers with exactly this display name. */
  displayName?: pulumi.Input<string>;
  /** Internal IDs or E.164 numbers that must exist in the account. */
  required?: pulumi.Input<pulumi.Input<string>[]>;
  /** Fail unless every required (or returned) number is connected. */
  requireConnected?: pulumi.Input<boolean>;
  /** With `requireConnected`, seconds to wait for a connection. */
  waitForConnectedSeconds?: pulumi.Input<number>;
  /** API key; overrides stack config and the environment. */
  apiKey?: pulumi.Input<string>;
  /** API base URL; overrides stack config and the environment. */
  baseUrl?: pulumi.Input<string>;
}

/** Result of {@link getPhoneNumbers}. */
export interface GetPhoneNumbersResult {
  /** The account's numbers that pass the filters, in the API's order. */
  readonly phoneNumbers: PhoneNumberRecord[];
  /** Internal IDs of `phoneNumbers`, in the same order. */
  readonly ids: string[];
  /** `test` or `live`, from the API key's prefix. */
  readonly environment: ChatmaidEnvironment;
}

/**
 * Lists the phone numbers of the account that owns the API key, optionally
 * filtered, and checks that required numbers exist and are connected.
 *
 * @example
 * const numbers = await chatmaid.getPhoneNumbers({ connectionStatus: "connected" });
 */
export async function getPhoneNumbers(
  args: GetPhoneNumbersArgs = {},
  _opts?: pulumi.InvokeOptions,
): Promise<GetPhoneNumbersResult> {
  const { reader, settings } = programReader(args);
  const required = (args.required ?? []).map((r) => parsePhoneIdentifier(r));
  const all = await reader.list();
  const statuses = args.connectionStatus === undefined ? undefined : new Set<string>([args.connectionStatus].flat());
  const filtered = all.filter(
    (r) =>
      (!statuses || statuses.has(r.connectionStatus)) &&
      (args.displayName === undefined || r.displayName === args.displayName),
  );

  const requiredRecords: PhoneNumberRecord[] = [];
  const missing: string[] = [];
  for (const id of required) {
    // Absent from the list: confirm with GET /:id before calling it missing.
    const record = findIn(all, id) ?? (await lookupOrUndefined(() => reader.lookup(id.value)));
    if (record) requiredRecords.push(record);
    else missing.push(id.value);
  }
  if (missing.length > 0) {
    throw new NotFoundError(
      `${missing.length} required Chatmaid phone number(s) are not in the account of the key from ${settings.keySource}: ${missing.join(", ")}. ` +
        `Register them in the Chatmaid dashboard, or check the key belongs to the right account and environment (${settings.environment}).`,
      { code: "not_found", identifier: missing.join(", ") },
    );
  }

  let phoneNumbers = filtered;
  if (args.requireConnected) {
    const toCheck = required.length > 0 ? unique(requiredRecords) : filtered;
    const checked = await ensureConnected(reader, toCheck, {
      waitForConnectedSeconds: args.waitForConnectedSeconds ?? 0,
      log: logInfo,
    });
    const fresh = new Map(checked.map((r) => [r.id, r]));
    phoneNumbers = filtered.map((r) => fresh.get(r.id) ?? r);
  }
  return { phoneNumbers, ids: phoneNumbers.map((r) => r.id), environment: settings.environment };
}

/** Output twin of {@link getPhoneNumbers}: takes Inputs, returns an Output. */
export function getPhoneNumbersOutput(
  args: GetPhoneNumbersOutputArgs = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetPhoneNumbersResult> {
  return invokeOutput(args as pulumi.Input<GetPhoneNumbersArgs>, opts, (plain) => getPhoneNumbers(plain, opts));
}

async function lookupOrUndefined(lookup: () => Promise<PhoneNumberRecord>): Promise<PhoneNumberRecord | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function unique(records: PhoneNumberRecord[]): PhoneNumberRecord[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}
