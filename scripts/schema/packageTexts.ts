/**
 * The words of schema.json that belong to no definition shared with the code:
 * the package's metadata and language sections, and the descriptions of the
 * provider, the resource, the functions and their inputs. The record's fields
 * and the settings come from core/model (see packageSchema.ts).
 */
import type { PropertySpec } from "./schemaTypes";

/** The package's metadata. */
export const PACKAGE = {
  name: "chatmaid",
  displayName: "Chatmaid",
  version: "0.1.0",
  description:
    "Read Chatmaid WhatsApp phone numbers as Pulumi infrastructure data, and fail deploys when a sender is not connected. Read-only: numbers are registered, connected and removed in the Chatmaid dashboard, never by Pulumi.",
  keywords: ["pulumi", "chatmaid", "whatsapp", "phone-numbers", "sender-id", "category/utility", "kind/native"],
  homepage: "https://github.com/chatmaid/pulumi-chatmaid",
  repository: "https://github.com/chatmaid/pulumi-chatmaid",
  pluginDownloadURL: "github://api.github.com/chatmaid/pulumi-chatmaid",
  license: "Apache-2.0",
  publisher: "Chatmaid",
};

/** Per-language options of Pulumi's code generators (see sdk/ and `npm run sdks`). */
export const LANGUAGE = {
  nodejs: {
    packageName: "@chatmaid/pulumi",
    packageDescription:
      "Read Chatmaid WhatsApp phone numbers as Pulumi infrastructure data. Node.js programs use this hand-written package (its functions and the PhoneNumber dynamic resource), not a generated SDK.",
    dependencies: {
      "@pulumi/pulumi": "^3.141.0",
    },
    respectSchemaVersion: true,
  },
  python: {
    packageName: "pulumi_chatmaid",
    requires: {
      pulumi: ">=3.142.0,<4.0.0",
    },
    pyproject: {
      enabled: true,
    },
    respectSchemaVersion: true,
  },
  go: {
    importBasePath: "github.com/chatmaid/pulumi-chatmaid/sdk/go/chatmaid",
    generateResourceContainerTypes: true,
    respectSchemaVersion: true,
  },
  csharp: {
    rootNamespace: "Chatmaid",
    namespaces: {
      chatmaid: "Pulumi",
    },
    packageReferences: {
      Pulumi: "3.*",
    },
    respectSchemaVersion: true,
  },
  java: {
    basePackage: "com.chatmaid.pulumi",
    buildFiles: "gradle",
  },
};

/** The provider's description. */
export const PROVIDER_DESCRIPTION =
  "The Chatmaid provider. The default provider takes its settings from stack config (`chatmaid:apiKey`, ...). Declare explicit providers to read from several accounts in one stack, each with its own `apiKey`. A setting left unset falls back to the provider plugin's `CHATMAID_*` environment variable, then to the documented default (applied by the plugin, so defaults are never frozen into state).";

/** The record type's description. */
export const RECORD_DESCRIPTION =
  "A phone number as Chatmaid reports it (`GET /v1/phone-numbers` and `GET /v1/phone-numbers/:id`).";

/** The `PhoneNumber` resource: its description, inputs, and the outputs that are not record fields. */
export const RESOURCE = {
  description:
    "A Chatmaid WhatsApp phone number recorded in stack state. Read-only: numbers are registered, connected and removed in the Chatmaid dashboard, never by Pulumi.\n\n- **Create** reads the number; the resource ID is its internal ID (`phoneId`).\n- **Preview and update** re-read it: a changed record (status, name, timestamps) shows as an update; an `identifier` that now names another number replaces the resource.\n- **Refresh** re-reads it by internal ID; a number gone from the account drops out of state.\n- **Delete** only forgets it: it never calls the API.\n- **`requireConnected`** is enforced on every preview and update, not only at creation: a number that was connected when created and is disconnected now fails the next preview even if no input changed.\n\nCredentials come from the provider (stack config `chatmaid:apiKey`, an explicit provider's `apiKey`, or `CHATMAID_API_KEY`), never from the resource's inputs.",
  inputs: {
    identifier: {
      type: "string",
      description:
        "The internal ID (24 hexadecimal characters) or E.164 number (`+`, then 7 to 15 digits, the first not 0) of a number registered in the Chatmaid dashboard. Spaces, dashes, dots and parentheses are ignored (`+1 (555) 123-4567` is `+15551234567`); anything else is refused before any request. A number not in the account fails the check on this input. It is named `identifier`, not `id`: `id` is the resource ID in Pulumi, and the Node.js and Python SDKs drop an input named `id` on custom resources.",
    },
    requireConnected: {
      type: "boolean",
      description:
        "Fail every preview and update, not only the creation, while the number is not `connected` according to the up-to-date `/v1/phone-numbers/:id/status` endpoint. Default false.",
    },
    waitForConnectedSeconds: {
      type: "number",
      description:
        "With `requireConnected: true`, poll the status for up to this many seconds, from 0 to 3600, while the number is not connected, before failing. Only valid with `requireConnected: true`: a value above 0 without it is refused. Default 0 (check once).",
    },
  },
  stateOfInputs: {
    identifier: {
      type: "string",
      description: "The `identifier` input, normalized: an E.164 number without separators, or the internal ID.",
    },
    requireConnected: {
      type: "boolean",
      description: "The `requireConnected` input, when given.",
    },
    waitForConnectedSeconds: {
      type: "number",
      description: "The `waitForConnectedSeconds` input, when given.",
    },
  },
  phoneId: {
    type: "string",
    description:
      "The internal ID (24 hex characters), stable for the life of the number: the sender ID to wire into other resources. Also the resource ID. It is the record's `id`, named `phoneId` because `id` is the resource ID in Pulumi.",
  },
  environment: {
    type: "string",
    description: "`test` or `live`, from the API key's prefix.",
  },
} satisfies {
  description: string;
  inputs: Record<string, PropertySpec>;
  stateOfInputs: Record<string, PropertySpec>;
  phoneId: PropertySpec;
  environment: PropertySpec;
};

/** The inputs of the two functions that read one number. */
const ONE_NUMBER_INPUTS = {
  properties: {
    id: {
      type: "string",
      description:
        "The internal ID (24 hexadecimal characters) or E.164 number (`+`, then 7 to 15 digits, the first not 0) of the number. Spaces, dashes, dots and parentheses are ignored; anything else is refused before any request.",
    },
    requireConnected: {
      type: "boolean",
      description:
        "Fail unless the number is `connected` according to the up-to-date `/v1/phone-numbers/:id/status` endpoint. Default false.",
    },
    waitForConnectedSeconds: {
      type: "number",
      description:
        "With `requireConnected: true`, poll the status for up to this many seconds, from 0 to 3600, while the number is not connected, before failing. Only valid with `requireConnected: true`: a value above 0 without it is refused. Default 0 (check once).",
    },
  },
  required: ["id"],
};

/** The functions: descriptions, inputs, and the outputs that are not record fields. */
export const FUNCTIONS = {
  "chatmaid:index:getPhoneNumbers": {
    description:
      "Reads the account's phone numbers (`GET /v1/phone-numbers`), optionally filtered by connection status or display name. Every number in `required` must exist in the account: a missing one fails the call, naming it. With `requireConnected`, the `required` numbers, or every returned number when `required` is not set, must be `connected` according to the up-to-date `/status` endpoint.",
    inputs: {
      properties: {
        connectionStatus: {
          oneOf: [
            {
              type: "string",
            },
            {
              type: "array",
              items: {
                type: "string",
              },
            },
          ],
          description:
            "Keep only numbers with this status, or with one of these statuses: one status or a list of `connected`, `disconnected`, `connecting`, `qr_pending`, `error`. Any other value is refused before any request. Absent keeps every number.",
        },
        displayName: {
          type: "string",
          description: "Keep only numbers with exactly this display name.",
        },
        required: {
          type: "array",
          items: {
            type: "string",
          },
          description:
            "Internal IDs or E.164 numbers that must exist in the account; the call fails naming every missing one. They do not filter the result.",
        },
        requireConnected: {
          type: "boolean",
          description:
            "Fail unless the `required` numbers, or every returned number when `required` is not set, are `connected` according to the up-to-date `/v1/phone-numbers/:id/status` endpoint. Default false.",
        },
        waitForConnectedSeconds: {
          type: "number",
          description:
            "With `requireConnected: true`, poll the status for up to this many seconds, from 0 to 3600, while a number is not connected, before failing. Only valid with `requireConnected: true`: a value above 0 without it is refused. Default 0 (check once).",
        },
      },
    },
    outputs: {
      phoneNumbers: {
        type: "array",
        items: {
          $ref: "#/types/chatmaid:index:PhoneNumberRecord",
        },
        description: "The account's numbers that pass the filters, in the API's order.",
      },
      ids: {
        type: "array",
        items: {
          type: "string",
        },
        description: "Internal IDs of `phoneNumbers`, in the same order.",
      },
    },
  },
  "chatmaid:index:getPhoneNumber": {
    description:
      "Reads one phone number by internal ID or E.164 number (`GET /v1/phone-numbers/:id`, answered from a fresh list when possible). A number not in the account fails the call, naming it.",
    inputs: ONE_NUMBER_INPUTS,
    outputs: {},
  },
  "chatmaid:index:getPhoneNumberStatus": {
    description:
      "Reads the up-to-date connection state of one phone number (`GET /v1/phone-numbers/:id/status`), by internal ID or E.164 number. A number not in the account fails the call, naming it.",
    inputs: ONE_NUMBER_INPUTS,
    outputs: {},
  },
};
