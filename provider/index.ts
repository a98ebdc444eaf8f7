/**
 * `@chatmaid/pulumi/provider`: the provider core by name, for the provider
 * processes and for advanced use outside Pulumi (see ARCHITECTURE.md). What
 * is not exported here, in core/ or provider/, is internal and may change in
 * any release.
 */

// The client: resolve settings once, then read with parsed identifiers.
export { ChatmaidClient, type ClientHooks, type RequestOptions } from "../core/client/chatmaidClient";
export { PhoneNumberReader, readerFor, type StatusReadOptions } from "../core/client/phoneNumberReader";
export {
  resolveSettings,
  SETTINGS,
  DEFAULTS,
  NUMBER_RULES,
  type ResolvedSettings,
  type SettingsSources,
  type SettingName,
  type ExplicitSettings,
} from "../core/model/settings";
export { DEFAULT_BASE_URL } from "../core/model/baseUrl";
export type { ChatmaidEnvironment } from "../core/model/apiKey";
export { parsePhoneIdentifier, type PhoneIdentifier } from "../core/model/identifiers";
export type { RetryNotice } from "../core/client/httpTransport";
export { resetSharedState } from "../core/client/keyState";

// The records.
export {
  KNOWN_CONNECTION_STATUSES,
  RECORD_FIELDS,
  STATUS_FIELDS,
  type ConnectionStatus,
  type PhoneNumberRecord,
  type PhoneNumberStatusRecord,
} from "../core/model/phoneNumberRecord";

// Waiting for a connection.
export {
  ensureConnected,
  isConnectedRecord as isConnected,
  type EnsureConnectedOptions,
} from "../core/phoneNumbers/connectionCheck";
export {
  waitUntilConnected,
  MAX_WAIT_SECONDS,
  DEADLINE_GRACE_MS,
  type WaitOptions,
  type WaitProgress,
  type WaitResult,
  type PollContext,
} from "../core/phoneNumbers/waitLoop";
export type { LogSink, LogSeverity } from "../core/phoneNumbers/progressLog";

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
} from "../core/model/errors";

// The PhoneNumber resource's behaviour, loaded by the provider processes.
export {
  PhoneNumberOperations,
  type PhoneNumberOperationsOptions,
  type PhoneNumberResourceInputs,
  type PhoneNumberResourceOutputs,
  type ProviderConfig,
  type CheckResult,
} from "../core/phoneNumbers/phoneNumberOperations";

// What the Node SDK's serialized PhoneNumber provider calls in the dynamic-provider plugin process.
export { dynamicProviderOperations, readProviderConfig } from "./dynamic/dynamicProvider";

export { PACKAGE_NAME, PACKAGE_VERSION } from "../core/client/version";
