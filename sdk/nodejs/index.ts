/**
 * `@chatmaid/pulumi`: read Chatmaid WhatsApp phone numbers in Pulumi programs.
 * Functions read numbers as data; `PhoneNumber` records one in stack state and
 * can fail every deploy while it is not connected.
 */
export {
  getPhoneNumbers,
  getPhoneNumbersOutput,
  type GetPhoneNumbersArgs,
  type GetPhoneNumbersOutputArgs,
  type GetPhoneNumbersResult,
} from "./getPhoneNumbers";
export {
  getPhoneNumber,
  getPhoneNumberOutput,
  type GetPhoneNumberArgs,
  type GetPhoneNumberOutputArgs,
  type GetPhoneNumberResult,
} from "./getPhoneNumber";
export {
  getPhoneNumberStatus,
  getPhoneNumberStatusOutput,
  type GetPhoneNumberStatusArgs,
  type GetPhoneNumberStatusOutputArgs,
  type GetPhoneNumberStatusResult,
} from "./getPhoneNumberStatus";
export { PhoneNumber, type PhoneNumberArgs } from "./phoneNumber";
export type { CredentialArgs } from "./programSettings";
export {
  ChatmaidError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnexpectedStatusError,
  ConnectionError,
  TimeoutError,
  ResponseValidationError,
  InvalidInputError,
  NotConnectedError,
  type NotConnectedFailure,
} from "../../core/model/errors";
export type { PhoneNumberRecord, PhoneNumberStatusRecord, ConnectionStatus } from "../../core/model/phoneNumberRecord";
export type { ChatmaidEnvironment } from "../../core/model/apiKey";
