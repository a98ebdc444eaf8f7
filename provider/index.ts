/**
 * Everything that talks to Chatmaid: the client, its errors and schemas,
 * identifiers, settings, and the `PhoneNumber` dynamic provider.
 */
export * from "./apiKey";
export * from "./baseUrl";
export * from "./client";
export * from "./connectionCheck";
export * from "./errors";
export { parsePhoneIdentifier, type PhoneIdentifier } from "./identifiers";
export type { RetryNotice } from "./httpTransport";
export * from "./pacer";
export * from "./phoneNumberReader";
export * from "./phoneNumberTypes";
export { quoteInput, redactKeys, UNSAFE_CHARACTERS } from "./redact";
export * from "./settings";
export { resetSharedState } from "./sharedState";
export * from "./version";
export * from "./phoneNumberProvider";
