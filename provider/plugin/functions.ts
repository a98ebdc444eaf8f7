/**
 * The schema's functions, by token: each parses its arguments (nothing is
 * read for refused ones) and runs the same query as the Node SDK's function.
 */
import { parsePhoneNumberArgs, parsePhoneNumbersArgs } from "../../core/phoneNumbers/arguments";
import type { PhoneNumberReader } from "../../core/client/phoneNumberReader";
import {
  queryPhoneNumber,
  queryPhoneNumbers,
  queryPhoneNumberStatus,
  type WaitHooks,
} from "../../core/phoneNumbers/queries";

/** The account of an invoke is its provider's: `apiKey` and `baseUrl` are not arguments (another account is another provider). */
const ONLY_ARGUMENTS = { credentials: false } as const;

/** A function: its arguments parsed, then run against a reader. */
export type FunctionHandler = (args: object) => (reader: PhoneNumberReader, hooks: WaitHooks) => Promise<object>;

/** Every function the plugin serves, by schema token. */
export const FUNCTIONS: Readonly<Record<string, FunctionHandler>> = {
  "chatmaid:index:getPhoneNumbers": (args) => {
    const query = parsePhoneNumbersArgs(args, "getPhoneNumbers", ONLY_ARGUMENTS);
    return (reader, hooks) => queryPhoneNumbers(reader, query, hooks);
  },
  "chatmaid:index:getPhoneNumber": (args) => {
    const query = parsePhoneNumberArgs(args, "getPhoneNumber", ONLY_ARGUMENTS);
    return (reader, hooks) => queryPhoneNumber(reader, query, hooks);
  },
  "chatmaid:index:getPhoneNumberStatus": (args) => {
    const query = parsePhoneNumberArgs(args, "getPhoneNumberStatus", ONLY_ARGUMENTS);
    return (reader, hooks) => queryPhoneNumberStatus(reader, query, hooks);
  },
};

/** The functions' arguments that hold phone identifiers (see yamlNumbers.ts). */
export const IDENTIFIER_ARGUMENTS: readonly string[] = ["id", "required"];

/** The schema token of the `PhoneNumber` resource. */
export const PHONE_NUMBER_TOKEN = "chatmaid:index:PhoneNumber";
