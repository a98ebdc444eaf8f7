import type * as pulumi from "@pulumi/pulumi";
import type { GetPhoneNumberResult } from "../../core/phoneNumbers/queries";
import { invokeOutput } from "./invokeOutput";
import { loadCore } from "./loadCore";
import type { CredentialArgs } from "./programSettings";

export type { GetPhoneNumberResult } from "../../core/phoneNumbers/queries";

/** Arguments of {@link getPhoneNumber}. */
export interface GetPhoneNumberArgs extends CredentialArgs {
  /** The internal ID (24 hex characters) or E.164 number (`+15551234567`; spaces, dashes and parentheses are ignored). */
  id: string;
  /** Fail unless the number is connected, per the up-to-date `/status` endpoint. */
  requireConnected?: boolean;
  /** With `requireConnected`, poll for up to this many seconds (0 to 3600) while it is not connected. Default 0. */
  waitForConnectedSeconds?: number;
}

/** Arguments of {@link getPhoneNumberOutput}: each may be an Output. */
export interface GetPhoneNumberOutputArgs {
  /** The internal ID or E.164 number. */
  id: pulumi.Input<string>;
  /** Fail unless the number is connected. */
  requireConnected?: pulumi.Input<boolean>;
  /** With `requireConnected`, seconds to wait for a connection (0 to 3600). */
  waitForConnectedSeconds?: pulumi.Input<number>;
  /** API key; overrides stack config and the environment. */
  apiKey?: pulumi.Input<string>;
  /** API base URL; overrides stack config and the environment. */
  baseUrl?: pulumi.Input<string>;
}

/**
 * Reads one phone number by internal ID or E.164 number.
 * @throws InvalidInputError for a malformed argument, before any request.
 * @throws NotFoundError naming the number when the account has no such number.
 * @throws NotConnectedError with `requireConnected` when it is not connected.
 */
export async function getPhoneNumber(
  args: GetPhoneNumberArgs,
  _opts?: pulumi.InvokeOptions,
): Promise<GetPhoneNumberResult> {
  const core = loadCore();
  const query = core.parsePhoneNumberArgs(args, "getPhoneNumber");
  return core.queryPhoneNumber(core.programReader(args), query, core.programWait());
}

/** Output twin of {@link getPhoneNumber}: takes Inputs, returns an Output. */
export function getPhoneNumberOutput(
  args: GetPhoneNumberOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetPhoneNumberResult> {
  return invokeOutput(args as pulumi.Input<GetPhoneNumberArgs>, opts, (plain) => getPhoneNumber(plain, opts));
}
