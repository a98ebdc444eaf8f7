/**
 * `@chatmaid/pulumi`: read Chatmaid WhatsApp phone numbers in Pulumi programs.
 * Functions read numbers as data; `PhoneNumber` records one in stack state and
 * can fail every deploy while it is not connected.
 */
export * from "./getPhoneNumbers";
export * from "./getPhoneNumber";
export * from "./getPhoneNumberStatus";
export * from "./phoneNumber";
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
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
  type ConnectionStatus,
  type ChatmaidEnvironment,
} from "../provider";
