import * as pulumi from "@pulumi/pulumi";
import type { ConnectionStatus } from "../../provider";
import { phoneNumberProvider } from "./phoneNumberShim";

/** Arguments of {@link PhoneNumber}. */
export interface PhoneNumberArgs {
  /** The internal ID (24 hex characters) or E.164 number of a number registered in the Chatmaid dashboard. */
  id: pulumi.Input<string>;
  /** Fail every preview and up while the number is not connected, not only at creation. */
  requireConnected?: pulumi.Input<boolean>;
  /** With `requireConnected`, poll for up to this many seconds (at most 3600) while it is not connected. */
  waitForConnectedSeconds?: pulumi.Input<number>;
  /**
   * The API key of this number's account, for a stack that reads a second
   * account; overrides stack config `chatmaid:apiKey` and `CHATMAID_API_KEY`
   * for this resource. Stored only as a secret, never in the serialized
   * provider or a message. Prefer a secret config value: `config.requireSecret(...)`.
   */
  apiKey?: pulumi.Input<string>;
  /** The API base URL for this resource; overrides `chatmaid:baseUrl` and `CHATMAID_BASE_URL`. */
  baseUrl?: pulumi.Input<string>;
}

/**
 * A Chatmaid phone number recorded in stack state. Read-only: numbers are
 * registered, connected and removed in the Chatmaid dashboard. Creating it
 * reads the number; `pulumi refresh` re-reads it (a number gone from the
 * account drops out of state); destroying it only forgets it and never calls
 * the API. Credentials come from the `apiKey`/`baseUrl` inputs when given
 * (kept in state only as secrets), else stack config (`chatmaid:apiKey`), else
 * the `CHATMAID_API_KEY` environment variable of the provider plugin.
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
        // A secret input: the engine stores it encrypted, and marks the output of the same name secret too.
        apiKey: args.apiKey === undefined ? undefined : pulumi.secret(args.apiKey),
        baseUrl: args.baseUrl,
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
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "apiKey"] },
      "chatmaid",
      "PhoneNumber",
    );
  }
}
