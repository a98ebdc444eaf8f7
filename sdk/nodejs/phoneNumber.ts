import * as pulumi from "@pulumi/pulumi";
import { OUTPUT_RECORD_FIELDS, type PhoneNumberRecord } from "../../core/model/phoneNumberRecord";
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

/** The record's fields as outputs, with the record's documentation (core/model/phoneNumberRecord.ts). */
type RecordOutputs = {
  readonly [K in keyof Pick<PhoneNumberRecord, (typeof OUTPUT_RECORD_FIELDS)[number]>]: pulumi.Output<
    PhoneNumberRecord[K]
  >;
};

// The record's outputs are declared once, in the record's definition; this
// interface adds them to the class (the engine sets them, as it sets every output).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PhoneNumber extends RecordOutputs {}

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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PhoneNumber extends pulumi.dynamic.Resource {
  /** The internal ID: use it as the sender ID in other resources. Also the resource ID. */
  public readonly phoneId!: pulumi.Output<string>;
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
        // Outputs are declared to the engine as inputs without a value.
        phoneId: undefined,
        ...Object.fromEntries(OUTPUT_RECORD_FIELDS.map((field) => [field, undefined])),
        environment: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "apiKey"] },
      "chatmaid",
      "PhoneNumber",
    );
  }
}
