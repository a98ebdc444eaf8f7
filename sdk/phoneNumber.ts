import * as pulumi from "@pulumi/pulumi";
import type { ConnectionStatus } from "../provider";
import { phoneNumberProvider } from "./phoneNumberShim";

/** Arguments of {@link PhoneNumber}. */
export interface PhoneNumberArgs {
  /** The internal ID (24 hex characters) or E.164 number of a number registered in the Chatmaid dashboard. */
  id: pulumi.Input<string>;
  /** Fail every preview and up while the number is not connected, not only at creation. */
  requireConnected?: pulumi.Input<boolean>;
  /** With `requireConnected`, poll for up to this many seconds (at most 3600) while it is not connected. */
  waitForConnectedSeconds?: pulumi.Input<number>;
}

/**
 * A Chatmaid phone number recorded in stack state. Read-only: numbers are
 * registered, connected and removed in the Chatmaid dashboard. Creating it
 * reads the number; `pulumi refresh` re-reads it (a number gone from the
 * account drops out of state); destroying it only forgets it and never calls
 * the API. Credentials come from stack config (`chatmaid:apiKey`) or the
 * `CHATMAID_API_KEY` environment variable, never from the resource's inputs.
 *
 * @example
 * const sender = new chatmaid.PhoneNumber("sender", { id: "+15551234567", requireConnected: true });
 * export const senderId = sender.phoneId;
 */
export class PhoneNumber extends pulumi.dynamic.Resource {
  /** The internal ID: use it as the sender ID in other resources. Also the resource ID. */
  public readonly phoneId!: pulumi.Output<string>;
  /** The number in E.164 form. */
  public readonly phoneNumber!: pulumi.Output<string>;
  /** The dashboard name, or `null` when none was set. */
  public readonly displayName!: pulumi.Output<string | null>;
  /** The connection status at the last read. */
  public readonly connectionStatus!: pulumi.Output<ConnectionStatus>;
  /** ISO time of the last connection, or `null`. */
  public readonly lastConnectedAt!: pulumi.Output<string | null>;
  /** ISO time of the last disconnection, or `null`. */
  public readonly lastDisconnectedAt!: pulumi.Output<string | null>;
  /** ISO time the number was registered, or `null`. */
  public readonly createdAt!: pulumi.Output<string | null>;
  /** ISO time of the last change, or `null`. */
  public readonly updatedAt!: pulumi.Output<string | null>;
  /** `test` or `live`, from the API key's prefix. */
  public readonly environment!: pulumi.Output<"test" | "live">;
  /** The identifier as given (normalized). `id` is the resource ID in Pulumi, so the input is stored under this name. */
  public readonly identifier!: pulumi.Output<string>;
  /** Whether every deploy requires the number to be connected. */
  public readonly requireConnected!: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      phoneNumberProvider,
      name,
      {
        identifier: args.id,
        requireConnected: args.requireConnected,
        waitForConnectedSeconds: args.waitForConnectedSeconds,
        phoneId: undefined,
        phoneNumber: undefined,
        displayName: undefined,
        connectionStatus: undefined,
        lastConnectedAt: undefined,
        lastDisconnectedAt: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        environment: undefined,
      },
      opts,
      "chatmaid",
      "PhoneNumber",
    );
  }
}
