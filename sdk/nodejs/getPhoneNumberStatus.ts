import type * as pulumi from "@pulumi/pulumi";
import type { GetPhoneNumberStatusResult } from "../../core/phoneNumbers/queries";
import { invokeOutput } from "./invokeOutput";
import { loadCore } from "./loadCore";
import type { CredentialArgs } from "./programSettings";

export type { GetPhoneNumberStatusResult } from "../../core/phoneNumbers/queries";

/** Arguments of {@link getPhoneNumberStatus}. */
export interface GetPhoneNumberStatusArgs extends CredentialArgs {
  /** The internal ID or E.164 number. */
  id: string;
  /** Fail unless the number is connected. */
  requireConnected?: boolean;
  /** With `requireConnected`, poll for up to this many seconds (0 to 3600) while it is not connected. Default 0. */
  waitForConnectedSeconds?: number;
}

/** Arguments of {@link getPhoneNumberStatusOutput}: each may be an Output. */
export interface GetPhoneNumberStatusOutputArgs {
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
 * Reads the up-to-date WhatsApp connection state of one number from
 * `GET /v1/phone-numbers/:id/status`.
 * @throws InvalidInputError for a malformed argument, before any request.
 * @throws NotFoundError naming the number when the account has no such number.
 * @throws NotConnectedError with `requireConnected` when it is not connected.
 */
export async function getPhoneNumberStatus(
  args: GetPhoneNumberStatusArgs,
  _opts?: pulumi.InvokeOptions,
): Promise<GetPhoneNumberStatusResult> {
  const core = loadCore();
  const query = core.parsePhoneNumberArgs(args, "getPhoneNumberStatus");
  return core.queryPhoneNumberStatus(core.programReader(args), query, core.programWait());
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
