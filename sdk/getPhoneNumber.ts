import * as pulumi from "@pulumi/pulumi";
import { ensureConnected, type ChatmaidEnvironment, type PhoneNumberRecord } from "../provider";
import { invokeOutput } from "./invokeOutput";
import { logInfo, programReader, type CredentialArgs } from "./programSettings";

/** Arguments of {@link getPhoneNumber}. */
export interface GetPhoneNumberArgs extends CredentialArgs {
  /** The internal ID (24 hex characters) or E.164 number (`+15551234567`; spaces, dashes and parentheses are ignored). */
  id: string;
  /** Fail unless the number is connected, per the up-to-date `/status` endpoint. */
  requireConnected?: boolean;
  /** With `requireConnected`, poll for up to this many seconds while it is not connected. Default 0. */
  waitForConnectedSeconds?: number;
}

/** Arguments of {@link getPhoneNumberOutput}: each may be an Output. */
export interface GetPhoneNumberOutputArgs {
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

/** Result of {@link getPhoneNumber}: the number as Chatmaid reports it, and the key's environment. */
export interface GetPhoneNumberResult extends PhoneNumberRecord {
  /** `test` or `live`, from the API key's prefix. */
  readonly environment: ChatmaidEnvironment;
}

/**
 * Reads one phone number by internal ID or E.164 number.
 * @throws NotFoundError naming the number when the account has no such number.
 * @throws NotConnectedError with `requireConnected` when it is not connected.
 */
export async function getPhoneNumber(
  args: GetPhoneNumberArgs,
  _opts?: pulumi.InvokeOptions,
): Promise<GetPhoneNumberResult> {
  const { reader, settings } = programReader(args);
  let record = await reader.lookup(args.id);
  if (args.requireConnected) {
    [record] = await ensureConnected(reader, [record], {
      waitForConnectedSeconds: args.waitForConnectedSeconds ?? 0,
      log: logInfo,
    });
  }
  return { ...record!, environment: settings.environment };
}

/** Output twin of {@link getPhoneNumber}: takes Inputs, returns an Output. */
export function getPhoneNumberOutput(
  args: GetPhoneNumberOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetPhoneNumberResult> {
  return invokeOutput(args as pulumi.Input<GetPhoneNumberArgs>, opts, (plain) => getPhoneNumber(plain, opts));
}
