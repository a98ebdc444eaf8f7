import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionStatus } from "../../core/model/phoneNumberRecord";
import type { GetPhoneNumbersResult } from "../../core/phoneNumbers/queries";
import { invokeOutput } from "./invokeOutput";
import { loadCore } from "./loadCore";
import type { CredentialArgs } from "./programSettings";

export type { GetPhoneNumbersResult } from "../../core/phoneNumbers/queries";

/** Arguments of {@link getPhoneNumbers}. */
export interface GetPhoneNumbersArgs extends CredentialArgs {
  /** Keep only numbers with this status, or any of these statuses (`connected`, `disconnected`, `connecting`, `qr_pending`, `error`). */
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
  /** With `requireConnected`, poll for up to this many seconds (0 to 3600) while a number is not connected. Default 0. */
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
  /** With `requireConnected`, seconds to wait for a connection (0 to 3600). */
  waitForConnectedSeconds?: pulumi.Input<number>;
  /** API key; overrides stack config and the environment. */
  apiKey?: pulumi.Input<string>;
  /** API base URL; overrides stack config and the environment. */
  baseUrl?: pulumi.Input<string>;
}

/**
 * Lists the phone numbers of the account that owns the API key, optionally
 * filtered, and checks that required numbers exist and are connected.
 * @throws InvalidInputError for a malformed argument, before any request.
 * @throws NotFoundError naming every required number the account lacks.
 * @throws NotConnectedError with `requireConnected` naming every number that is not connected.
 *
 * @example
 * const numbers = await chatmaid.getPhoneNumbers({ connectionStatus: "connected" });
 */
export async function getPhoneNumbers(
  args: GetPhoneNumbersArgs = {},
  _opts?: pulumi.InvokeOptions,
): Promise<GetPhoneNumbersResult> {
  const core = loadCore();
  const query = core.parsePhoneNumbersArgs(args);
  return core.queryPhoneNumbers(core.programReader(args), query, core.programWait());
}

/** Output twin of {@link getPhoneNumbers}: takes Inputs, returns an Output. */
export function getPhoneNumbersOutput(
  args: GetPhoneNumbersOutputArgs = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetPhoneNumbersResult> {
  return invokeOutput(args as pulumi.Input<GetPhoneNumbersArgs>, opts, (plain) => getPhoneNumbers(plain, opts));
}
