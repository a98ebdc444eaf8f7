/**
 * `@chatmaid/pulumi/provider`: what talks to Chatmaid, for the provider
 * processes and for advanced use outside Pulumi. Everything else in this
 * folder is internal and may change in any release.
 */

// The client: resolve settings once, then read with parsed identifiers.
export { ChatmaidClient, type ClientHooks, type RequestOptions } from "./client";
export { PhoneNumberReader, readerFor, type StatusReadOptions } from "./phoneNumberReader";
export {
  resolveSettings,
  SETTINGS,
  DEFAULTS,
  NUMBER_RULES,
  type ResolvedSettings,
  type SettingsSources,
  type SettingName,
  type ExplicitSettings,
} from "./settings";
export { DEFAULT_BASE_URL } from "./baseUrl";
export type { ChatmaidEnvironment } from "./apiKey";
export { parsePhoneIdentifier, type PhoneIdentifier } from "./identifiers";
export type { RetryNotice } from "./httpTransport";
export { resetSharedState } from "./sharedState";

// The records.
export {
  KNOWN_CONNECTION_STATUSES,
  RECORD_FIELDS,
  STATUS_FIELDS,
  type ConnectionStatus,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
} from "./phoneNumberRecord";

// Waiting for a connection.
export { ensureConnected, isConnectedRecord as isConnected, type EnsureConnectedOptions } from "./connectionCheck";
export {
  waitUntilConnected,
  MAX_WAIT_SECONDS,
  DEADLINE_GRACE_MS,
  type WaitOptions,
  type WaitProgress,
  type WaitResult,
  type PollContext,
} from "./waitLoop";
export type { LogSink, LogSeverity } from "./progressLog";

// Errors: one class per failure a user can act on.
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
  type ChatmaidErrorFields,
  type NotConnectedFailure,
  type ValueOrigin,
} from "./errors";

// The PhoneNumber resource's behaviour, loaded by the provider processes.
export {
  PhoneNumberOperations,
  dynamicProviderOperations,
  readProviderConfig,
  type PhoneNumberOperationsOptions,
  type PhoneNumberResourceInputs,
  type PhoneNumberResourceOutputs,
  type ProviderConfig,
  type CheckResult,
} from "./phoneNumberProvider";

export { PACKAGE_NAME, PACKAGE_VERSION } from "./version";
