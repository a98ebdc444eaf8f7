import * as pulumi from "@pulumi/pulumi";
import {
  ensureConnected,
  type ChatmaidEnvironment,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
} from "../provider";
import { invokeOutput } from "./invokeOutput";
import { logInfo, programReader, type CredentialArgs } from "./programSettings";

/** Arguments of {@link getPhoneNumberStatus}. */
export interface GetPhoneNumberStatusArgs extends CredentialArgs {
  /** The internal ID or E.164 number. */
  id: string;
  /** Fail unless the number is connected. */
  requireConnected?: boolean;
  /** With `requireConnected`, poll for up to this many seconds while it is not connected. Default 0. */
  waitForConnectedSeconds?: number;
}

/** Arguments of {@link getPhoneNumberStatusOutput}: each may be an Output. */
export interface GetPhoneNumberStatusOutputArgs {
  /** The internal ID or E.164 number. */
  id: pulumi.Input<string>;
  /** Fail unless the number is connected. */
  requireConnected?: pulumi.Input<boolean>;
  /** With `requireConnected`, seconds to wait for a connection. */
  waitForConnectedSeconds?: pulumi.Input<number>;
  /** API key; overrides stack config and the environment. */
  apiKey?: pulumi.Input<string>;
  /** API base URL; overrides stack config and the environment. */
  baseUrl?: pulumi.Input<string>;
}

/** Result of {@link getPhoneNumberStatus}: the up-to-date connection state, and the key's environment. */
export interface GetPhoneNumberStatusResult extends PhoneNumberStatusRecord {
  /** `test` or `live`, from the API key's prefix. */
  readonly environment: ChatmaidEnvironment;
}

/**
 * Reads the up-to-date WhatsApp connection state of one number from
 * `GET /v1/phone-numbers/:id/status`.
 * @throws NotFoundError naming the number when the account has no such number.
 */
export async function getPhoneNumberStatus(
  args: GetPhoneNumberStatusArgs,
  _opts?: pulumi.InvokeOptions,
): Promise<GetPhoneNumberStatusResult> {
  const { reader, settings } = programReader(args);
  const status = await reader.status(args.id);
  let current = status;
  if (args.requireConnected) {
    // The status carries no display name: the failure message is clearer with one.
    const record: PhoneNumberRecord = await reader
      .lookup(status.id)
      .catch(() => ({ ...status, displayName: null, createdAt: null }));
    const [checked] = await ensureConnected(reader, [record], {
      waitForConnectedSeconds: args.waitForConnectedSeconds ?? 0,
      log: logInfo,
    });
    current = { ...status, ...pickStatus(checked!) };
  }
  return { ...current, environment: settings.environment };
}

/** Output twin of {@link getPhoneNumberStatus}: takes Inputs, returns an Output. */
export function getPhoneNumberStatusOutput(
  args: GetPhoneNumberStatusOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetPhoneNumberStatusResult> {
  return invokeOutput(args as pulumi.Input<GetPhoneNumberStatusArgs>, opts, (plain) =>
    getPhoneNumberStatus(plain, opts),
  );
}

function pickStatus(r: PhoneNumberRecord) {
  return {
    connectionStatus: r.connectionStatus,
    lastConnectedAt: r.lastConnectedAt,
    lastDisconnectedAt: r.lastDisconnectedAt,
    updatedAt: r.updatedAt,
  };
}
